package dev.jslab.engine.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AckSubjectTest {
  @Test
  void theStreamAndConsumerAreReadFromTheNineTokenFormAndFromThe210FormWithDomainAndAccount() {
    assertThat(AckSubject.streamAndConsumer(AckSubject.format("ORDERS", "C1", 1, 5, 3, 99, 0)))
        .containsExactly("ORDERS", "C1");
    assertThat(AckSubject.streamAndConsumer("$JS.ACK.east.ACCHASH.ORDERS.C1.1.5.3.99.0.token"))
        .containsExactly("ORDERS", "C1");
    assertThat(AckSubject.streamAndConsumer("$JS.ACK.ORDERS.C1")).containsExactly("ORDERS", "C1");
    assertThat(AckSubject.streamAndConsumer("$JS.ACK.ORDERS")).isNull();
  }
}
