package dev.jslab.local.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import org.junit.jupiter.api.Test;

class LabClusterTest {
  @Test
  void aThreeNodeLabListensOnConsecutivePortsAndCrashesANodeThroughItsControlApi() throws Exception {
    try (LabCluster lab = LabCluster.start(3)) {
      int first = URI.create(lab.urlOf("n1")).getPort();
      assertThat(lab.urls())
          .containsExactly(lab.urlOf("n1"), "nats://127.0.0.1:" + (first + 1), "nats://127.0.0.1:" + (first + 2));
      lab.crash("n2");
      assertThat(accepts(first + 1)).isFalse();
      assertThat(accepts(first)).isTrue();
      assertThatThrownBy(() -> lab.urlOf("n4")).hasMessageContaining("no node n4");
    }
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
