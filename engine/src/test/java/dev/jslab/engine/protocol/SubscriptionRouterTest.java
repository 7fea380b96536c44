package dev.jslab.engine.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SubscriptionRouterTest {
  private static final String CONNECT = "CONNECT {\"verbose\":false,\"pedantic\":false,\"headers\":true,\"no_responders\":true}\r\n";
  private static final String CONNECT_NO_ECHO =
      "CONNECT {\"verbose\":false,\"pedantic\":false,\"headers\":true,\"no_responders\":true,\"echo\":false}\r\n";

  @Test
  void aPublishReachesEveryMatchingSubscriptionOfEverySession() {
    Wire wire = new Wire(1);
    Wire.Client a = wire.client().send(CONNECT + "SUB orders.> 1\r\nSUB orders.*.new 2\r\n");
    Wire.Client b = wire.client().send(CONNECT + "SUB orders.eu.new 9\r\nSUB other 8\r\n");
    wire.client().send(CONNECT + "PUB orders.eu.new r.1 2\r\nhi\r\n");
    assertThat(a.take())
        .isEqualTo("MSG orders.eu.new 1 r.1 2\r\nhi\r\nMSG orders.eu.new 2 r.1 2\r\nhi\r\n");
    assertThat(b.take()).isEqualTo("MSG orders.eu.new 9 r.1 2\r\nhi\r\n");
  }

  @Test
  void headersAreDeliveredAsHmsgWithHeaderAndTotalSizes() {
    Wire wire = new Wire(1);
    Wire.Client a = wire.client().send(CONNECT + "SUB h 1\r\n");
    wire.client().send(CONNECT + "HPUB h rep 12 14\r\nNATS/1.0\r\n\r\nhi\r\n");
    assertThat(a.take()).isEqualTo("HMSG h 1 rep 12 14\r\nNATS/1.0\r\n\r\nhi\r\n");
  }

  @Test
  void aSubscriberWithoutHeadersSupportGetsAPlainMsgWithThePayloadOnly() {
    Wire wire = new Wire(1);
    Wire.Client old = wire.client().send("CONNECT {\"verbose\":false,\"pedantic\":false,\"headers\":false}\r\nSUB h 1\r\n");
    wire.client().send(CONNECT + "HPUB h 12 14\r\nNATS/1.0\r\n\r\nhi\r\n");
    assertThat(old.take()).isEqualTo("MSG h 1 2\r\nhi\r\n");
  }

  @Test
  void anEmptyPayloadIsDelivered() {
    Wire wire = new Wire(1);
    Wire.Client a = wire.client().send(CONNECT + "SUB e 1\r\nPUB e 0\r\n\r\n");
    assertThat(a.take()).isEqualTo("MSG e 1 0\r\n\r\n");
  }

  @Test
  void eachQueueGroupGetsEachMessageOnceAndPlainSubscribersAllGetIt() {
    Wire wire = new Wire(42);
    List<Wire.Client> workers =
        IntStream.range(0, 3).mapToObj(i -> wire.client().send(CONNECT + "SUB jobs q " + i + "\r\n")).toList();
    Wire.Client other = wire.client().send(CONNECT + "SUB jobs other 7\r\n");
    Wire.Client plain = wire.client().send(CONNECT + "SUB jobs 5\r\n");
    Wire.Client pub = wire.client().send(CONNECT);
    for (int i = 0; i < 300; i++) {
      pub.send("PUB jobs 1\r\nx\r\n");
    }
    int[] counts = workers.stream().mapToInt(w -> count(w.take(), "MSG jobs")).toArray();
    assertThat(IntStream.of(counts).sum()).isEqualTo(300);
    assertThat(IntStream.of(counts).boxed().toList()).allSatisfy(n -> assertThat(n).isBetween(50, 150));
    assertThat(count(other.take(), "MSG jobs")).isEqualTo(300);
    assertThat(count(plain.take(), "MSG jobs")).isEqualTo(300);
  }

  @Test
  void theSameSeedPicksTheSameQueueMembers() {
    assertThat(queueRun(7)).isEqualTo(queueRun(7));
  }

  private static String queueRun(long seed) {
    Wire wire = new Wire(seed);
    List<Wire.Client> workers =
        IntStream.range(0, 4).mapToObj(i -> wire.client().send(CONNECT + "SUB w g " + i + "\r\n")).toList();
    Wire.Client pub = wire.client().send(CONNECT);
    for (int i = 0; i < 20; i++) {
      pub.send("PUB w 1\r\n" + i % 10 + "\r\n");
    }
    StringBuilder out = new StringBuilder();
    workers.forEach(w -> out.append(w.take()).append('|'));
    return out.toString();
  }

  @Test
  void withEchoOffAPublisherDoesNotGetItsOwnMessagesButOthersDo() {
    Wire wire = new Wire(1);
    Wire.Client self = wire.client().send(CONNECT_NO_ECHO + "SUB s 1\r\n");
    Wire.Client other = wire.client().send(CONNECT + "SUB s 1\r\n");
    self.send("PUB s 1\r\nx\r\nPING\r\n");
    assertThat(self.take()).isEqualTo("PONG\r\n");
    assertThat(other.take()).isEqualTo("MSG s 1 1\r\nx\r\n");
  }

  @Test
  void withEchoOnAPublisherGetsItsOwnMessages() {
    Wire wire = new Wire(1);
    Wire.Client self = wire.client().send(CONNECT + "SUB s 1\r\nPUB s 1\r\nx\r\n");
    assertThat(self.take()).isEqualTo("MSG s 1 1\r\nx\r\n");
  }

  @Test
  void unsubWithAMaxEndsTheSubscriptionAfterThatManyMessages() {
    Wire wire = new Wire(1);
    Wire.Client c = wire.client().send(CONNECT + "SUB m 1\r\nUNSUB 1 2\r\n");
    for (int i = 0; i < 4; i++) {
      c.send("PUB m 1\r\n" + i + "\r\n");
    }
    assertThat(c.take()).isEqualTo("MSG m 1 1\r\n0\r\nMSG m 1 1\r\n1\r\n");
    assertThat(c.session.subscriptions()).isEmpty();
    assertThat(wire.router.size()).isZero();
  }

  @Test
  void unsubWithAMaxAlreadyReachedEndsTheSubscriptionAtOnce() {
    Wire wire = new Wire(1);
    Wire.Client c = wire.client().send(CONNECT + "SUB m 1\r\nPUB m 1\r\nx\r\nPUB m 1\r\ny\r\n");
    c.send("UNSUB 1 2\r\nPUB m 1\r\nz\r\n");
    assertThat(count(c.take(), "MSG m")).isEqualTo(2);
    assertThat(wire.router.size()).isZero();
  }

  @Test
  void aRequestNobodyServesGetsThe503OnTheRequestersInboxSubscription() {
    Wire wire = new Wire(1);
    Wire.Client c = wire.client().send(CONNECT + "SUB _INBOX.abc.* 4\r\nPUB svc _INBOX.abc.1 1\r\nx\r\n");
    assertThat(c.take()).isEqualTo("HMSG _INBOX.abc.1 4 16 16\r\nNATS/1.0 503\r\n\r\n\r\n");
  }

  @Test
  void aRequestWhoseOnlySubscriberIsTheNoEchoRequesterGetsThe503() {
    Wire wire = new Wire(1);
    Wire.Client c = wire.client().send(CONNECT_NO_ECHO + "SUB svc 1\r\nSUB in 2\r\nPUB svc in 0\r\n\r\n");
    assertThat(c.take()).isEqualTo("HMSG in 2 16 16\r\nNATS/1.0 503\r\n\r\n\r\n");
  }

  @Test
  void aServedRequestGetsNo503() {
    Wire wire = new Wire(1);
    Wire.Client server = wire.client().send(CONNECT + "SUB svc 1\r\n");
    Wire.Client c = wire.client().send(CONNECT + "SUB in 2\r\nPUB svc in 1\r\nx\r\n");
    assertThat(c.take()).isEmpty();
    assertThat(server.take()).isEqualTo("MSG svc 1 in 1\r\nx\r\n");
  }

  @Test
  void aClosedSessionReceivesNothing() {
    Wire wire = new Wire(1);
    Wire.Client gone = wire.client().send(CONNECT + "SUB s 1\r\n");
    gone.session.close("bye");
    gone.take();
    wire.client().send(CONNECT + "PUB s 1\r\nx\r\n");
    assertThat(gone.take()).isEmpty();
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void aRoutedMessageReachesEveryPlainSubscriberButOnlyTheQueueGroupsItNames() {
    Wire wire = new Wire(3);
    Wire.Client plain = wire.client().send(CONNECT + "SUB jobs.* 1\r\n");
    Wire.Client named = wire.client().send(CONNECT + "SUB jobs.a a 2\r\n");
    Wire.Client other = wire.client().send(CONNECT + "SUB jobs.a b 3\r\n");
    int got = wire.router.deliverRouted("jobs.a", "jobs.a", "r", null, "x".getBytes(), List.of("a"));
    assertThat(got).isEqualTo(2);
    assertThat(plain.take()).isEqualTo("MSG jobs.a 1 r 1\r\nx\r\n");
    assertThat(named.take()).isEqualTo("MSG jobs.a 2 r 1\r\nx\r\n");
    assertThat(other.take()).isEmpty();
  }

  @Test
  void aQueueMemberCountsForItsGroupUnlessThePublisherSkipsItsOwnSubscriptions() {
    Wire wire = new Wire(3);
    Wire.Client member = wire.client().send(CONNECT_NO_ECHO + "SUB jobs q 1\r\n");
    assertThat(wire.router.hasQueueMember("jobs", "q", null)).isTrue();
    assertThat(wire.router.hasQueueMember("jobs", "other", null)).isFalse();
    assertThat(wire.router.hasQueueMember("jobs", "q", member.session)).isFalse();
  }
}
