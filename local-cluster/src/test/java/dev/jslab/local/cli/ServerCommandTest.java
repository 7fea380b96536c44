package dev.jslab.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServerCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = CommandLines.configure(new CommandLine(new ServerCommand()));
    cli.setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void zeroNodesExitsTwoWithOneClearLine() {
    assertThat(run("--nodes", "0")).isEqualTo(2);
    assertThat(err.toString().lines())
        .containsExactly(
            "server: --nodes must be between 1 and 9 (was 0) (see 'server --help')");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void unknownRaftTimingsExitTwoNamingThePresets() {
    assertThat(run("--raft-timings", "warp")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown Raft timings 'warp': nats or classroom");
  }

  @Test
  void theRaftTimingsPresetReachesTheClusterSpec() {
    assertThat(ClusterOptions.parse("--raft-timings", "classroom").raftTimings())
        .isEqualTo(dev.jslab.engine.raft.RaftTimings.CLASSROOM);
    assertThat(ClusterOptions.parse().raftTimings())
        .isEqualTo(dev.jslab.engine.raft.RaftTimings.NATS_DEFAULTS);
  }

  @Test
  void domainsNumberTheirNodesOnAndEachIsItsOwnCluster() {
    var spec = ClusterOptions.parse("--domain", "east:3", "--domain", "dr:1");

    assertThat(spec.nodes()).isEqualTo(4);
    assertThat(spec.membersOf("east")).containsExactly("n1", "n2", "n3");
    assertThat(spec.membersOf("dr")).containsExactly("n4");
    assertThat(spec.domainOf(3)).isEqualTo("east");
    assertThat(spec.clusterOf(3)).isEqualTo("east");
    assertThat(spec.clusterOf(4)).isEmpty(); // a one-node domain is a single server
  }

  @Test
  void nodesThatDisagreeWithTheDomainsExitTwoWithOneClearLine() {
    assertThat(run("--nodes", "3", "--domain", "east:3", "--domain", "dr:1")).isEqualTo(2);
    assertThat(err.toString().lines())
        .containsExactly(
            "server: --nodes 3 disagrees with the domains' 4 node(s); leave it out (see 'server --help')");
  }

  @Test
  void aMalformedOrRepeatedDomainExitsTwo() {
    assertThat(run("--domain", "east:three")).isEqualTo(2);
    assertThat(err.toString()).contains("--domain takes NAME:NODES, such as east:3 (was 'east:three')");
    assertThat(run("--domain", "east:2", "--domain", "east:1")).isEqualTo(2);
    assertThat(err.toString()).contains("a domain is named twice");
    assertThat(run("--domain", "a.b:2")).isEqualTo(2);
    assertThat(err.toString()).contains("domain name must be 1-32 letters");
    assertThat(run("--domain", "east:7", "--domain", "dr:3")).isEqualTo(2);
    assertThat(err.toString()).contains("--nodes must be between 1 and 9 (was 10)");
  }

  @Test
  void memoryKeepsTheRaftTimingsAndDomains() {
    var spec = ClusterOptions.parse("--domain", "east:2", "--raft-timings", "classroom").asEphemeral();

    assertThat(spec.raftTimings()).isEqualTo(dev.jslab.engine.raft.RaftTimings.CLASSROOM);
    assertThat(spec.domains()).hasSize(1);
    assertThat(spec.ephemeral()).isTrue();
  }

  @Test
  void ninetyNineNodesExitsTwo() {
    assertThat(run("--nodes", "99")).isEqualTo(2);
    assertThat(err.toString()).contains("--nodes must be between 1 and 9 (was 99)");
  }

  @Test
  void nonNumericNodesExitsTwoNamingTheValue() {
    assertThat(run("--nodes", "three")).isEqualTo(2);
    assertThat(err.toString().lines()).hasSize(1).first().asString().contains("'three'");
  }

  @Test
  void unwritableDataDirectoryExitsTwo() throws Exception {
    Path file = Files.createFile(dir.resolve("not-a-directory"));
    assertThat(run("--data", file.toString())).isEqualTo(2);
    assertThat(err.toString().lines())
        .singleElement()
        .asString()
        .contains("--data " + file + ": directory is not writable");
  }

  @Test
  void ephemeralWithDataExitsTwo() {
    assertThat(run("--ephemeral", "--data", dir.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--ephemeral and --data cannot be used together");
  }

  @Test
  void unknownOptionExitsTwo() {
    assertThat(run("--nodez", "3")).isEqualTo(2);
    assertThat(err.toString().lines()).hasSize(1);
  }

  @Test
  void helpDescribesEveryOption() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString())
        .contains("--nodes=N", "--data=DIR", "--ephemeral", "--cluster=NAME", "--help", "--version")
        .contains("--port=PORT")
        .contains("--http-port=PORT", "--memory");
  }

  @Test
  void memoryWithDataExitsTwo() {
    assertThat(run("--memory", "--data", dir.toString())).isEqualTo(2);
    assertThat(err.toString().lines()).hasSize(1);
    assertThat(err.toString()).contains("--memory and --data cannot be used together");
  }

  @Test
  void memoryNodeLinesSayNothingIsOnDisk() {
    try (var cluster =
        dev.jslab.local.cluster.LocalCluster.start(
            dev.jslab.local.cluster.ClusterSpec.ephemeral(1), java.time.Clock.systemUTC(), 0,
            dev.jslab.local.cluster.LocalCluster.NO_MONITORING, true)) {
      StringWriter text = new StringWriter();
      ServerCommand.printMemoryNodes(
          cluster.snapshot(), name -> ServerCommand.urls(cluster, name), new PrintWriter(text));
      var lines = text.toString().lines().toList();
      assertThat(lines.get(0)).matches("n1 running memory nats://127\\.0\\.0\\.1:\\d+");
      assertThat(lines.get(1)).contains("(in memory: nothing is kept on disk)");
    }
  }

  @Test
  void anHttpPortOutOfRangeExitsTwo() {
    assertThat(run("--ephemeral", "--nodes", "2", "--http-port", "65535")).isEqualTo(2);
    assertThat(err.toString().lines()).hasSize(1);
    assertThat(err.toString()).contains("--http-port must be between 0 and 65534 (was 65535)");
    err.getBuffer().setLength(0);
    assertThat(run("--ephemeral", "--http-port", "-1")).isEqualTo(2);
    assertThat(err.toString()).contains("--http-port must be between 0 and 65533 (was -1)");
  }

  @Test
  void eachNodeLineEndsWithItsClientAndMonitoringUrls() {
    try (var cluster =
        dev.jslab.local.cluster.LocalCluster.start(
            dev.jslab.local.cluster.ClusterSpec.ephemeral(2), java.time.Clock.systemUTC(), 0, 0)) {
      StringWriter text = new StringWriter();
      ServerCommand.printNodes(
          cluster.snapshot(), name -> ServerCommand.urls(cluster, name), new PrintWriter(text));
      var lines = text.toString().lines().toList();
      assertThat(lines.get(0))
          .startsWith("n1 running data=")
          .matches(".* nats://127\\.0\\.0\\.1:\\d+ http://127\\.0\\.0\\.1:\\d+$");
      assertThat(lines.get(1))
          .startsWith("n2 running data=")
          .matches(".* nats://127\\.0\\.0\\.1:\\d+ http://127\\.0\\.0\\.1:\\d+$");
    }
  }

  @Test
  void eachNodeLineNamesItsDomainInALabOfDomains() {
    var spec = dev.jslab.local.cluster.ClusterSpec.ephemeral(2)
        .withDomains(java.util.List.of(
            new dev.jslab.local.cluster.DomainSpec("east", 1), new dev.jslab.local.cluster.DomainSpec("dr", 1)));
    try (var cluster = dev.jslab.local.cluster.LocalCluster.start(spec, java.time.Clock.systemUTC())) {
      StringWriter text = new StringWriter();
      ServerCommand.printNodes(cluster.snapshot(), new PrintWriter(text));
      var lines = text.toString().lines().toList();
      assertThat(lines.get(0)).startsWith("n1 running domain=east data=");
      assertThat(lines.get(1)).startsWith("n2 running domain=dr data=");
    }
  }

  @Test
  void aPortOutOfRangeExitsTwo() {
    assertThat(run("--ephemeral", "--nodes", "3", "--port", "65534")).isEqualTo(2);
    assertThat(err.toString()).contains("--port must be between 0 and 65533 (was 65534)");
  }

  @Test
  void eachNodeLineEndsWithItsClientUrl() {
    try (var cluster =
        dev.jslab.local.cluster.LocalCluster.start(
            dev.jslab.local.cluster.ClusterSpec.ephemeral(2), java.time.Clock.systemUTC())) {
      StringWriter text = new StringWriter();
      ServerCommand.printNodes(cluster.snapshot(), cluster::clientUrl, new PrintWriter(text));
      var lines = text.toString().lines().toList();
      assertThat(lines.get(0)).startsWith("n1 running data=").matches(".* nats://127\\.0\\.0\\.1:\\d+$");
      assertThat(lines.get(1)).startsWith("n2 running data=").matches(".* nats://127\\.0\\.0\\.1:\\d+$");
    }
  }

  @Test
  void aTokenWithAUserExitsTwoWithOneClearLine() {
    assertThat(run("--ephemeral", "--auth-token", "t", "--user", "u", "--password", "p")).isEqualTo(2);
    assertThat(err.toString().lines())
        .containsExactly(
            "server: --auth-token cannot be used together with --user/--password (see 'server --help')");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void aUserWithoutAPasswordExitsTwo() {
    assertThat(run("--ephemeral", "--user", "u")).isEqualTo(2);
    assertThat(err.toString().lines()).singleElement().asString().contains("--user needs --password");
  }

  @Test
  void aPasswordWithoutAUserExitsTwo() {
    assertThat(run("--ephemeral", "--password", "p")).isEqualTo(2);
    assertThat(err.toString().lines()).singleElement().asString().contains("--password needs --user");
  }

  @Test
  void anEmptyTokenExitsTwo() {
    assertThat(run("--ephemeral", "--auth-token", "")).isEqualTo(2);
    assertThat(err.toString().lines()).singleElement().asString().contains("--auth-token must not be empty");
  }

  @Test
  void helpDescribesTheAuthOptions() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("--auth-token=TOKEN", "--user=USER", "--password=PASSWORD");
  }
}
