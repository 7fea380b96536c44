package dev.jslab.local.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.hub.MessageHub;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A client that does not read is cut off; the others go on. Core routing only, no node. */
class SlowConsumerTest {
  private static final String CONNECT = "CONNECT {\"verbose\":false,\"pedantic\":false,\"headers\":true,\"no_responders\":true}\r\n";

  @Test
  void aClientThatDoesNotReadIsCutOffAndOthersAreUnaffected() throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    MessageHub hub = new MessageHub(new SplittableRandom(1));
    ClientListener listener = ClientListener.open("n1", 0, executor, hub, 256 * 1024);
    try (NatsSocketTest.Raw slow = new NatsSocketTest.Raw(listener.port());
        NatsSocketTest.Raw fast = new NatsSocketTest.Raw(listener.port());
        NatsSocketTest.Raw pub = new NatsSocketTest.Raw(listener.port())) {
      slow.socket.setReceiveBufferSize(4096);
      slow.send(CONNECT + "SUB big 1\r\nPING\r\n").await("PONG\r\n");
      fast.send(CONNECT + "SUB big 1\r\nPING\r\n").await("PONG\r\n");
      String payload = "x".repeat(32 * 1024);
      StringBuilder burst = new StringBuilder();
      for (int i = 0; i < 4; i++) {
        burst.append("PUB big ").append(payload.length()).append("\r\n").append(payload).append("\r\n");
      }
      pub.send(CONNECT);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      int rounds = 0;
      while (listener.connectionCount() == 3) {
        assertThat(System.nanoTime()).as("slow consumer never cut off").isLessThan(deadline);
        String marker = "round-" + rounds + "|";
        pub.send(burst + "PUB big " + marker.length() + "\r\n" + marker + "\r\nPING\r\n");
        pub.await("PONG\r\n");
        pub.seen.setLength(0);
        // the fast client reads everything of each round
        fast.await(marker);
        fast.seen.setLength(0);
        rounds++;
      }
      assertThat(rounds).isPositive();
      assertThat(listener.connectionCount()).isEqualTo(2);
      pub.send("PUB big 2\r\nok\r\nPING\r\n").await("PONG\r\n");
      fast.await("MSG big 1 2\r\nok\r\n");
    } finally {
      listener.close();
      executor.shutdownNow();
    }
  }
}
