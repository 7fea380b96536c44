package dev.jslab.local.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.engine.raft.RaftTimings;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.api.External;
import io.nats.client.api.Mirror;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two JetStream domains in one lab — {@code east} (n1-n3, clustered) and {@code dr} (n4, a single
 * server) — joined by a WAN link, through the official Java client: a mirror in {@code dr} of an
 * R3 stream in {@code east} via {@code external.api = $JS.east.API}, what a cut link does to it,
 * and what does not cross the link.
 */
class DomainMirrorJnatsTest {
  private LocalCluster lab;
  private Connection east;
  private Connection dr;

  @BeforeEach
  void start() throws Exception {
    ClusterSpec spec =
        new ClusterSpec("lab", 4, Optional.empty(), true, RaftTimings.CLASSROOM)
            .withDomains(List.of(new DomainSpec("east", 3), new DomainSpec("dr", 1)));
    lab = LocalCluster.start(spec, Clock.systemUTC(), 0, 0);
    lab.serveControl(new dev.jslab.local.control.ControlApi(lab)::handle);
    awaitTrue("east elects a meta leader", () -> List.of("n1", "n2", "n3").stream()
        .allMatch(n -> lab.snapshot().metaOf(n).flatMap(MetaView::leader).isPresent()));
    east = ReadyClusters.connect(lab, "n1", "n2", "n3");
    dr = ReadyClusters.connect(lab, "n4");
  }

  @AfterEach
  void stop() throws Exception {
    east.close();
    dr.close();
    lab.close();
  }

  private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 30 s: " + what);
      }
      Thread.sleep(50);
    }
  }

  private void createOriginAndMirror() throws Exception {
    east.jetStreamManagement().addStream(StreamConfiguration.builder()
        .name("ORDERS").subjects("orders.>").replicas(3).storageType(StorageType.File).build());
    for (int i = 1; i <= 5; i++) {
      east.jetStream().publish("orders." + i, ("o" + i).getBytes());
    }
    dr.jetStreamManagement().addStream(StreamConfiguration.builder()
        .name("ORDERS")
        .storageType(StorageType.File)
        .mirror(Mirror.builder()
            .sourceName("ORDERS")
            .external(External.builder().api("$JS.east.API").build())
            .build())
        .build());
  }

  private long mirrored() {
    try {
      return dr.jetStreamManagement().getStreamInfo("ORDERS").getStreamState().getMsgCount();
    } catch (Exception e) {
      return -1;
    }
  }

  /** What {@code jslab ctl mirrors} prints for this lab. */
  private String ctlMirrors() {
    return ctl("mirrors");
  }

  private String ctl(String command) {
    java.io.StringWriter out = new java.io.StringWriter();
    picocli.CommandLine cli =
        dev.jslab.local.cli.CommandLines.configure(
            new picocli.CommandLine(new dev.jslab.local.control.CtlCommand()));
    cli.setOut(new java.io.PrintWriter(out));
    String port = lab.monitorUrl("n1").orElseThrow().replaceAll(".*:", "");
    assertThat(cli.execute("--http-port", port, command)).isZero();
    return out.toString();
  }

  @Test
  void aMirrorInAnotherDomainCopiesItsOriginAcrossTheWanLink() throws Exception {
    createOriginAndMirror();

    awaitTrue("the dr mirror holds the 5 east messages", () -> mirrored() == 5);
    StreamInfo info = dr.jetStreamManagement().getStreamInfo("ORDERS");
    assertThat(info.getMirrorInfo().getName()).isEqualTo("ORDERS");
    assertThat(info.getMirrorInfo().getExternal().getApi()).isEqualTo("$JS.east.API");
    assertThat(info.getMirrorInfo().getLag()).isZero();
    assertThat(new String(dr.jetStreamManagement().getMessage("ORDERS", 3).getData())).isEqualTo("o3");
  }

  @Test
  void aCutWanLinkStallsTheMirrorAndItCatchesUpOnceHealed() throws Exception {
    createOriginAndMirror();
    awaitTrue("the dr mirror holds the 5 east messages", () -> mirrored() == 5);

    lab.partition(List.of(List.of("n1", "n2", "n3"), List.of("n4")));
    for (int i = 6; i <= 15; i++) {
      east.jetStream().publish("orders." + i, ("o" + i).getBytes());
    }
    awaitTrue("the lab sees the dr mirror 10 behind", () -> lab.mirrors().get(0).behind() == 10);
    assertThat(mirrored()).isEqualTo(5);
    MirrorView cut = lab.mirrors().get(0);
    assertThat(cut.stream()).isEqualTo("ORDERS");
    assertThat(cut.node()).isEqualTo("n4");
    assertThat(cut.originDomain()).isEqualTo("east");
    assertThat(cut.reportedLag()).isZero(); // the mirror has heard nothing since its last delivery
    awaitTrue("the lab's snapshot shows n4's mirror 10 behind", () ->
        lab.snapshot().mirrorsOn("n4").stream().anyMatch(m -> m.behind() == 10));
    assertThat(ctlMirrors())
        .startsWith("ORDERS@dr(n4) <- ORDERS@east behind=10 lag=0 active=");

    lab.heal();
    east.jetStream().publish("orders.16", "o16".getBytes());
    awaitTrue("the dr mirror catches up to 16", () -> mirrored() == 16);
    awaitTrue("the lab sees it caught up", () -> lab.mirrors().get(0).behind() == 0);
    assertThat(new String(dr.jetStreamManagement().getMessage("ORDERS", 10).getData())).isEqualTo("o10");
  }

  @Test
  void eachDomainAnswersItsOwnApiAndAnotherDomainsApiOnlyUnderItsDomainPrefix() throws Exception {
    createOriginAndMirror();

    JetStreamManagement viaDr = dr.jetStreamManagement();
    assertThat(viaDr.getStreamNames()).containsExactly("ORDERS");
    assertThat(viaDr.getStreamInfo("ORDERS").getConfiguration().getMirror()).isNotNull();

    JetStreamManagement eastFromDr =
        dr.jetStreamManagement(JetStreamOptions.builder().domain("east").build());
    StreamInfo origin = eastFromDr.getStreamInfo("ORDERS");
    assertThat(origin.getConfiguration().getMirror()).isNull();
    assertThat(origin.getClusterInfo().getName()).isEqualTo("east");
    assertThat(origin.getClusterInfo().getReplicas()).hasSize(2);
  }

  @Test
  void sameNamedStreamsOfTwoDomainsAreToldApartInTheSnapshotAndByStepdown() throws Exception {
    createOriginAndMirror();
    String eastLeader = east.jetStreamManagement().getStreamInfo("ORDERS").getClusterInfo().getLeader();
    awaitTrue("the snapshot names ORDERS@east's leader",
        () -> eastLeader.equals(lab.snapshot().streamLeaders().get("ORDERS@east")));
    assertThat(lab.snapshot().streamsLedBy(eastLeader)).containsExactly("ORDERS@east");
    assertThat(lab.snapshot().streamLeaders()).doesNotContainKey("ORDERS"); // dr's is a single server's
    assertThat(lab.raftGroups()).filteredOn(g -> g.asset().equals("ORDERS"))
        .hasSize(3).allMatch(g -> g.domain().equals("east"));
    assertThat(ctl("groups").lines().filter(l -> l.startsWith("ORDERS@east n"))).hasSize(3);

    assertThat(lab.stepDownStream("ORDERS@dr").join()).isFalse();
    assertThat(lab.stepDownStream("ORDERS@east").join()).isTrue();
    awaitTrue("east's ORDERS moved", () -> {
      String now = lab.snapshot().streamLeaders().getOrDefault("ORDERS@east", "");
      return !now.isEmpty() && !now.equals(eastLeader);
    });
  }

  @Test
  void aNodeAdvertisesOnlyItsOwnDomainsNodesToClients() throws Exception {
    List<String> advertised = east.getServerInfo().getConnectURLs();
    String n4 = lab.clientUrl("n4").orElseThrow().replace("nats://", "");

    assertThat(advertised).hasSize(3).doesNotContain(n4);
    assertThat(dr.getServerInfo().getConnectURLs()).isEmpty();
    assertThat(east.getServerInfo().getCluster()).isEqualTo("east");
  }
}
