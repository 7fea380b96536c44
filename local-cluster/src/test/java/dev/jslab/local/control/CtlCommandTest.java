package dev.jslab.local.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jslab.local.cli.CommandLines;
import dev.jslab.local.cluster.ClusterSpec;
import dev.jslab.local.cluster.ClusterEvent;
import dev.jslab.local.cluster.LocalCluster;
import dev.jslab.local.sim.LinkFaults;
import dev.jslab.local.cluster.NodeState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code jslab ctl} against a live 3-node lab with monitoring ports, over real HTTP. */
class CtlCommandTest {
  private LocalCluster cluster;
  private int httpPort;
  private StringWriter out;
  private StringWriter err;

  @BeforeEach
  void startLab() {
    SplittableRandom random = new SplittableRandom();
    RuntimeException last = null;
    for (int attempt = 0; attempt < 10 && cluster == null; attempt++) {
      int base = 20_000 + random.nextInt(40_000);
      try {
        cluster =
            LocalCluster.start(
                new ClusterSpec("lab", 3, Optional.empty(), true), Clock.systemUTC(), 0, base);
        httpPort = base;
      } catch (RuntimeException e) {
        last = e; // a port in that range was taken: try another range
      }
    }
    if (cluster == null) {
      throw last;
    }
    cluster.serveControl(new ControlApi(cluster)::handle);
  }

  @AfterEach
  void stopLab() {
    cluster.close();
  }

  private int ctl(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine cli = CommandLines.configure(new CommandLine(new CtlCommand()));
    cli.setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    String[] all = new String[args.length + 2];
    all[0] = "--http-port";
    all[1] = Integer.toString(httpPort);
    System.arraycopy(args, 0, all, 2, args.length);
    return cli.execute(all);
  }

  @Test
  void nodesListsEveryNodeWithItsStateAndUrls() {
    assertThat(ctl("nodes")).isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).hasSize(3);
    for (int i = 1; i <= 3; i++) {
      assertThat(lines.get(i - 1))
          .startsWith("n" + i + " running " + cluster.clientUrl("n" + i).orElseThrow()
              + " http://127.0.0.1:" + (httpPort + i - 1) + " meta=")
          .matches(".* meta=(follower|pre-candidate|candidate|leader)/\\d+");
    }
  }

  @Test
  void killAndRestartReachTheNodeAndPrintItsNewState() {
    assertThat(ctl("kill", "n1")).isZero();
    assertThat(out.toString().strip()).isEqualTo("n1 killed");
    assertThat(cluster.snapshot().node("n1").state()).isEqualTo(NodeState.KILLED);

    // the first node's port is closed now: ctl finds the lab on the next one
    assertThat(ctl("nodes")).isZero();
    assertThat(out.toString().lines()).first().isEqualTo("n1 killed");

    assertThat(ctl("restart", "n1")).isZero();
    assertThat(out.toString()).startsWith("n1 running nats://127.0.0.1:");
  }

  @Test
  void pauseResumeAndPowerCutArePrintedAsTheNodeEndsUp() {
    assertThat(ctl("pause", "n2")).isZero();
    assertThat(out.toString()).startsWith("n2 paused nats://");
    assertThat(ctl("resume", "n2")).isZero();
    assertThat(out.toString()).startsWith("n2 running nats://");
    assertThat(ctl("power-cut", "n3")).isZero();
    assertThat(out.toString().strip()).isEqualTo("n3 powered off");
  }

  @Test
  void partitionAndHealChangeTheNetworkAndPrintIt() {
    assertThat(ctl("partition", "n1,n2/n3")).as(err.toString()).isZero();
    assertThat(out.toString()).contains("partition n1,n2 / n3");
    assertThat(cluster.snapshot().partition()).containsExactly(List.of("n1", "n2"), List.of("n3"));
    assertThat(cluster.snapshot().isolated()).containsExactly("n3");
    assertThat(ctl("heal")).isZero();
    assertThat(out.toString()).doesNotContain("partition");
    assertThat(cluster.snapshot().partition()).isEmpty();
    assertThat(ctl("partition", "n1,n9")).isEqualTo(1);
    assertThat(err.toString()).contains("no node n9");
  }

  @Test
  void stepdownMetaIsAcceptedAndAStreamNobodyLeadsIsOneLineAndExitOne() {
    assertThat(ctl("stepdown", "meta")).isZero();
    assertThat(ctl("stepdown", "ORDERS")).isEqualTo(1);
    assertThat(err.toString()).contains("jslab ctl: no running node leads a stream called ORDERS");
    assertThat(ctl("streams")).isZero();
    assertThat(out.toString()).contains("no replicated streams");
    assertThat(ctl("mirrors")).isZero();
    assertThat(out.toString()).isEqualTo("no mirrors" + System.lineSeparator());
    assertThat(ctl("mirrors", "n1")).isEqualTo(2);
    assertThat(ctl("groups")).isZero();
    assertThat(out.toString().lines().filter(l -> l.startsWith("_meta_ n"))).hasSize(3);
    assertThat(ctl("heal", "n1")).isEqualTo(2);
    assertThat(ctl("partition")).isEqualTo(2);
    assertThat(err.toString()).contains("partition needs the groups");
  }

  @Test
  void linkFaultsReachTheLabAndBadOnesAreOneLine() throws Exception {
    List<ClusterEvent.LinksChanged> changed = new java.util.concurrent.CopyOnWriteArrayList<>();
    cluster.addListener((event, snapshot) -> {
      if (event instanceof ClusterEvent.LinksChanged c) {
        changed.add(c);
      }
    });

    assertThat(ctl("link", "n1/n2,n3", "latency=20ms", "jitter=5", "loss=0.1")).isZero();
    assertThat(out.toString()).isEqualTo("links n1 <-> n2,n3: latency=20ms jitter=5 loss=0.1" + System.lineSeparator());
    assertThat(changed).hasSize(1);
    assertThat(changed.get(0).one()).containsExactly("n1");
    assertThat(changed.get(0).other()).containsExactly("n2", "n3");
    assertThat(changed.get(0).faults()).isEqualTo(new LinkFaults(20_000_000, 5_000_000, 0.1, 0, 0));
    assertThat(ctl("link", "n1/n2,n3")).isZero();
    assertThat(changed.get(1).faults()).isEqualTo(LinkFaults.NONE);
    try (io.nats.client.Connection n1 = io.nats.client.Nats.connect(cluster.clientUrl("n1").orElseThrow());
        io.nats.client.Connection n2 = io.nats.client.Nats.connect(cluster.clientUrl("n2").orElseThrow())) {
      n2.subscribe("crossing");
      n2.flush(java.time.Duration.ofSeconds(5));
      n1.publish("crossing", new byte[] {1});
      n1.flush(java.time.Duration.ofSeconds(5));
    }
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
    while (cluster.linkTraffic().stream().noneMatch(t -> t.from().equals("n1") && t.to().equals("n2") && t.routedDelivered() > 0)
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(ctl("links")).isZero();
    assertThat(out.toString().lines().filter(l -> l.startsWith("n1->n2 ")))
        .singleElement().asString()
        .matches("n1->n2 raft \\d+/\\d+/\\d+ routed [1-9]\\d*/[1-9]\\d*/0 \\(sent/delivered/dropped\\)");

    assertThat(ctl("link", "n1/n9", "loss=0.5")).isEqualTo(1);
    assertThat(err.toString()).contains("no node n9");
    assertThat(ctl("link", "n1", "loss=0.5")).isEqualTo(1);
    assertThat(err.toString()).contains("links need two groups");
    assertThat(ctl("link", "n1/n2", "loss=2")).isEqualTo(1);
    assertThat(err.toString()).contains("lossRate must be between 0 and 1 (was 2.0)");
    assertThat(ctl("link", "n1/n2", "speed=3")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown link fault 'speed=3'");
    assertThat(ctl("heal", "n1", "n2")).isEqualTo(2);
    assertThat(changed).hasSize(2);
  }

  @Test
  void anUnknownNodeIsOneLineAndExitOneWithTheNodesThereAre() {
    assertThat(ctl("kill", "n7")).isEqualTo(1);
    assertThat(err.toString().strip()).isEqualTo("jslab ctl: no node n7; nodes: n1, n2, n3");
    assertThat(cluster.snapshot().nodes()).allMatch(n -> n.state() == NodeState.RUNNING);
  }

  @Test
  void badArgumentsExitTwoWithoutTouchingTheLab() {
    assertThat(ctl("explode", "n1")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown command 'explode'");
    assertThat(ctl("kill")).isEqualTo(2);
    assertThat(err.toString()).contains("kill needs a NODE");
  }

  @Test
  void noLabOnThosePortsIsOneLineAndExitOne() {
    int port = httpPort;
    cluster.close();
    httpPort = port;
    assertThat(ctl("nodes")).isEqualTo(1);
    assertThat(err.toString().strip()).startsWith("jslab ctl: no lab answers on 127.0.0.1:" + port);
  }

  @Test
  void theControlApiRefusesWrongMethodsAndPaths() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + httpPort + ControlApi.PREFIX;
    HttpResponse<String> get =
        http.send(HttpRequest.newBuilder(URI.create(base + "nodes/n2/kill")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.body()).isEqualTo("{\"error\":\"GET is not allowed on /jslab/v1/nodes/n2/kill; use POST\"}");
    HttpResponse<String> nowhere =
        http.send(HttpRequest.newBuilder(URI.create(base + "nowhere")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(nowhere.statusCode()).isEqualTo(404);
    assertThat(cluster.snapshot().node("n2").state()).isEqualTo(NodeState.RUNNING);
  }
}
