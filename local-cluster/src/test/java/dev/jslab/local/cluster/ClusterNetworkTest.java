package dev.jslab.local.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.raft.RaftMessage;
import dev.jslab.engine.route.RoutedMessage;
import dev.jslab.local.sim.NetworkEvent;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ClusterNetworkTest {
  @Test
  void routeFramesTravelInOrderButOnlyRaftMessagesReachTheObserver() throws Exception {
    List<NetworkEvent<ClusterNetwork.Frame>> observed = new CopyOnWriteArrayList<>();
    BlockingQueue<ClusterNetwork.Frame> inbox = new LinkedBlockingQueue<>();
    try (ClusterNetwork network = new ClusterNetwork("test", 1, observed::add)) {
      network.attach("n1", Runnable::run, frame -> {});
      network.attach("n2", Runnable::run, inbox::add);
      ClusterNetwork.Frame raft =
          new ClusterNetwork.GroupMessage("_meta_", new RaftMessage.TimeoutNow(1, "n1"));
      network.send("n1", "n2", raft);
      for (int i = 0; i < 100; i++) {
        network.send(
            "n1",
            "n2",
            new ClusterNetwork.RouteFrame(
                new RoutedMessage("s", "s", null, null, new byte[] {(byte) i}, List.of())));
      }

      assertThat(inbox.poll(5, TimeUnit.SECONDS)).isEqualTo(raft);
      for (int i = 0; i < 100; i++) {
        ClusterNetwork.Frame frame = inbox.poll(5, TimeUnit.SECONDS);
        assertThat(frame).isInstanceOf(ClusterNetwork.RouteFrame.class);
        assertThat(((ClusterNetwork.RouteFrame) frame).messages().get(0).payload()).containsExactly((byte) i);
      }
      assertThat(observed).hasSize(2).allMatch(e -> e.message() == raft);
    }
  }
}
