package dev.jslab.local.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jslab.engine.time.VirtualScheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VirtualNetworkTest {
  private static final long MS = 1_000_000L;

  private final VirtualScheduler clock = new VirtualScheduler(0);
  private final List<NetworkEvent<String>> events = new ArrayList<>();
  private final List<String> received = new ArrayList<>();
  private VirtualNetwork<String> network = network(1);

  private VirtualNetwork<String> network(long seed) {
    VirtualNetwork<String> net = new VirtualNetwork<>(clock, new SplittableRandom(seed), events::add);
    for (String node : List.of("n1", "n2", "n3")) {
      net.attach(node, (from, m) -> received.add(from + ">" + node + ":" + m));
    }
    return net;
  }

  @Test
  void aMessageArrivesAfterItsLinksLatencyAndNotBefore() {
    network.setFaults("n1", "n2", LinkFaults.latency(5 * MS));
    network.send("n1", "n2", "a");
    clock.runUntil(4 * MS);
    assertThat(received).isEmpty();
    clock.runUntil(5 * MS);
    assertThat(received).containsExactly("n1>n2:a");
  }

  @Test
  void aPartitionCutsBothWaysBetweenGroupsButNotWithinThem() {
    network.partition(List.of(List.of("n1", "n2"), List.of("n3")));
    network.send("n1", "n3", "x");
    network.send("n3", "n1", "y");
    network.send("n1", "n2", "z");
    clock.runUntil(1);
    assertThat(received).containsExactly("n1>n2:z");
    assertThat(events)
        .filteredOn(e -> e instanceof NetworkEvent.Dropped<String> d
            && d.reason() == NetworkEvent.DropReason.CUT)
        .hasSize(2);
    network.heal();
    network.send("n3", "n1", "after");
    clock.runUntil(2);
    assertThat(received).contains("n3>n1:after");
  }

  @Test
  void nodesInNoGroupOfAPartitionFormOneMoreGroup() {
    network.partition(List.of(List.of("n1")));
    assertThat(network.isCut("n2", "n3")).isFalse();
    assertThat(network.isCut("n2", "n1")).isTrue();
    assertThat(network.isCut("n1", "n3")).isTrue();
  }

  @Test
  void aOneWayCutStopsOnlyItsDirection() {
    network.cutOneWay("n1", "n2");
    network.send("n1", "n2", "lost");
    network.send("n2", "n1", "kept");
    clock.runUntil(1);
    assertThat(received).containsExactly("n2>n1:kept");
    assertThat(network.cutLinks()).containsExactly(List.of("n1", "n2"));
  }

  @Test
  void aMessageInFlightWhenTheLinkIsCutStillArrives() {
    network.setDefaultFaults(LinkFaults.latency(10 * MS));
    network.send("n1", "n2", "early");
    network.partition(List.of(List.of("n1"), List.of("n2", "n3")));
    clock.runUntil(10 * MS);
    assertThat(received).containsExactly("n1>n2:early");
  }

  @Test
  void aNodeThatIsDownNeitherSendsNorReceives() {
    network.setDefaultFaults(LinkFaults.latency(MS));
    network.send("n1", "n2", "in-flight");
    network.setDown("n2", true);
    network.send("n2", "n1", "from-down");
    clock.runUntil(2 * MS);
    assertThat(received).isEmpty();
    assertThat(events)
        .filteredOn(e -> e instanceof NetworkEvent.Dropped<String>)
        .extracting(e -> ((NetworkEvent.Dropped<String>) e).reason())
        .containsExactly(NetworkEvent.DropReason.SENDER_DOWN, NetworkEvent.DropReason.RECEIVER_DOWN);
    network.setDown("n2", false);
    network.send("n1", "n2", "back");
    clock.runUntil(4 * MS);
    assertThat(received).containsExactly("n1>n2:back");
  }

  @Test
  void aLossyLinkLosesAboutItsRateAndTheSameSeedLosesTheSameMessages() {
    List<Integer> first = lostIndexes(7);
    List<Integer> again = lostIndexes(7);
    assertThat(again).isEqualTo(first);
    assertThat(first.size()).isBetween(2_700, 3_300); // 30 % of 10,000
    assertThat(lostIndexes(8)).isNotEqualTo(first);
  }

  private List<Integer> lostIndexes(long seed) {
    events.clear();
    received.clear();
    network = network(seed);
    network.setFaults("n1", "n2", LinkFaults.NONE.withLoss(0.3));
    for (int i = 0; i < 10_000; i++) {
      network.send("n1", "n2", Integer.toString(i));
    }
    clock.runUntil(clock.nowNanos() + 1);
    List<Integer> lost = new ArrayList<>();
    for (NetworkEvent<String> e : events) {
      if (e instanceof NetworkEvent.Dropped<String> d) {
        lost.add(Integer.parseInt(d.message()));
      }
    }
    return lost;
  }

  @Test
  void jitterAndReorderingLetLaterMessagesOvertakeEarlierOnes() {
    network.setFaults("n1", "n2", LinkFaults.latency(MS).withJitter(MS).withReordering(0.2));
    for (int i = 0; i < 200; i++) {
      network.send("n1", "n2", Integer.toString(i));
    }
    clock.runUntil(100 * MS);
    assertThat(received).hasSize(200);
    List<Integer> order = received.stream().map(r -> Integer.parseInt(r.substring(r.indexOf(':') + 1))).toList();
    assertThat(order).isNotEqualTo(order.stream().sorted().toList());
    assertThat(order).containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, 200).boxed().toList());
  }

  @Test
  void aDuplicatingLinkDeliversSomeMessagesTwiceAndSaysWhichCopyIsTheDuplicate() {
    network.setFaults("n1", "n2", LinkFaults.latency(MS).withDuplication(0.5));
    for (int i = 0; i < 100; i++) {
      network.send("n1", "n2", Integer.toString(i));
    }
    clock.runUntil(10 * MS);
    long duplicates =
        events.stream()
            .filter(e -> e instanceof NetworkEvent.Delivered<String> d && d.duplicate())
            .count();
    assertThat(duplicates).isBetween(30L, 70L);
    assertThat(received).hasSize(100 + (int) duplicates);
  }

  @Test
  void badFaultsAndUnknownNodesAreRefusedClearly() {
    assertThatThrownBy(() -> LinkFaults.NONE.withLoss(1.5))
        .hasMessage("lossRate must be between 0 and 1 (was 1.5)");
    assertThatThrownBy(() -> network.partition(List.of(List.of("n9"))))
        .hasMessage("no node n9 on the network");
    assertThatThrownBy(() -> network.partition(List.of(List.of("n1"), List.of("n1", "n2"))))
        .hasMessage("node n1 is in two groups");
    network.send("n1", "n9", "nowhere");
    assertThat(events)
        .last()
        .isEqualTo(new NetworkEvent.Dropped<>(0, "n1", "n9", "nowhere", NetworkEvent.DropReason.UNKNOWN_NODE));
  }

  @Test
  void jitterWithoutReorderingKeepsTheOrderOfALink() {
    network.setFaults("n1", "n2", LinkFaults.latency(MS).withJitter(5 * MS));
    network.setFaults("n1", "n3", LinkFaults.latency(MS).withJitter(5 * MS));
    for (int i = 0; i < 200; i++) {
      network.send("n1", "n2", Integer.toString(i));
      network.send("n1", "n3", Integer.toString(i));
    }
    clock.runUntil(100 * MS);
    assertThat(received).hasSize(400);
    for (String to : List.of("n2", "n3")) {
      List<Integer> order =
          received.stream()
              .filter(r -> r.startsWith("n1>" + to + ":"))
              .map(r -> Integer.parseInt(r.substring(r.indexOf(':') + 1)))
              .toList();
      assertThat(order).isEqualTo(java.util.stream.IntStream.range(0, 200).boxed().toList());
    }
  }
}
