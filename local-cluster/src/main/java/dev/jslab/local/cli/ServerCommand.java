package dev.jslab.local.cli;

import dev.jslab.local.cluster.ClusterSnapshot;
import dev.jslab.local.cluster.ClusterSpec;
import dev.jslab.local.cluster.ClusterStartException;
import dev.jslab.local.cluster.LocalCluster;
import dev.jslab.local.cluster.NodeSnapshot;
import dev.jslab.local.net.ClientPortOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code jslab server}: runs a local cluster without a window until interrupted (Ctrl-C or
 * SIGTERM), then stops every node cleanly. Runs on the caller's thread, which it blocks.
 */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = {
      "Run a local JetStream cluster without a window.",
      "Prints one line per node, then runs until Ctrl-C or SIGTERM,"
          + " which stop every node cleanly."
    })
public final class ServerCommand implements Callable<Integer> {
  /** Exit code when the cluster cannot start (a node failed, its data is locked, …). */
  public static final int EXIT_START_FAILED = 1;

  @Mixin ClusterOptions options;

  @Mixin AuthOptions auth;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description =
          "NATS client port of the first node on 127.0.0.1; the others take the next ports."
              + " Default: 0, an ephemeral port per node.")
  int port;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      description =
          "HTTP monitoring port (/varz, /connz, /jsz, /healthz, /raftz, /metrics) of the first"
              + " node on 127.0.0.1; the others take the next ports. 0: an ephemeral port per"
              + " node. Default: no monitoring.")
  Integer httpPort;

  @Option(
      names = "--memory",
      description =
          "Keep nothing on disk: every stream (file streams too) and consumer lives in memory, so a"
              + " killed or restarted node comes back empty. Cannot be used with --data.")
  boolean memory;

  @Spec CommandSpec command;

  @Override
  public Integer call() throws InterruptedException {
    var spec = inMemory(options.toSpec());
    var clients = ClientPortOptions.defaults().withAuth(auth.toAuth());
    if (port < 0 || port + spec.nodes() - 1 > 65_535) {
      throw new picocli.CommandLine.ParameterException(
          command.commandLine(),
          "--port must be between 0 and " + (65_536 - spec.nodes()) + " (was " + port + ")");
    }
    int monitoring = httpPort == null ? LocalCluster.NO_MONITORING : httpPort;
    if (httpPort != null && (httpPort < 0 || httpPort + spec.nodes() - 1 > 65_535)) {
      throw new picocli.CommandLine.ParameterException(
          command.commandLine(),
          "--http-port must be between 0 and " + (65_536 - spec.nodes()) + " (was " + httpPort + ")");
    }
    PrintWriter out = command.commandLine().getOut();
    PrintWriter err = command.commandLine().getErr();
    LocalCluster cluster;
    try {
      cluster =
          LocalCluster.start(spec, java.time.Clock.systemUTC(), port, monitoring, memory, clients);
    } catch (ClusterStartException | IllegalArgumentException e) {
      err.println("jslab server: cannot start: " + e.getMessage());
      err.flush();
      return EXIT_START_FAILED;
    }
    cluster.serveControl(new dev.jslab.local.control.ControlApi(cluster)::handle);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              cluster.close();
              out.println("cluster '" + spec.name() + "' stopped cleanly");
              out.flush();
              stopped.countDown();
            },
            "jslab-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    if (memory) {
      printMemoryNodes(cluster.snapshot(), name -> urls(cluster, name), out);
    } else {
      printNodes(cluster.snapshot(), name -> urls(cluster, name), out);
    }
    out.flush();
    stopped.await();
    return 0;
  }

  /** With {@code --memory}: the same cluster, ephemeral (its root stays empty, removed on exit). */
  private ClusterSpec inMemory(ClusterSpec spec) {
    if (!memory) {
      return spec;
    }
    if (spec.dataRoot().isPresent()) {
      throw new picocli.CommandLine.ParameterException(
          command.commandLine(), "--memory and --data cannot be used together");
    }
    return spec.asEphemeral();
  }

  /** The node's client URL, then its monitoring URL when it has one. */
  static java.util.Optional<String> urls(LocalCluster cluster, String node) {
    java.util.Optional<String> client = cluster.clientUrl(node);
    java.util.Optional<String> http = cluster.monitorUrl(node);
    if (client.isPresent() && http.isPresent()) {
      return java.util.Optional.of(client.get() + " " + http.get());
    }
    return client.isPresent() ? client : http;
  }

  /** As {@link #printNodes}, for nodes that keep nothing on disk: {@code n1 running memory …}. */
  static void printMemoryNodes(
      ClusterSnapshot snapshot,
      java.util.function.Function<String, java.util.Optional<String>> urls,
      PrintWriter out) {
    for (NodeSnapshot node : snapshot.nodes()) {
      out.println(
          node.name() + " " + node.state().label() + domain(snapshot, node) + " memory"
              + urls.apply(node.name()).map(u -> " " + u).orElse(""));
    }
    out.println(
        "cluster '"
            + snapshot.name()
            + "' is up with "
            + snapshot.nodes().size()
            + " node(s) (in memory: nothing is kept on disk); Ctrl-C stops it");
  }

  static void printNodes(ClusterSnapshot snapshot, PrintWriter out) {
    printNodes(snapshot, name -> java.util.Optional.empty(), out);
  }

  static void printNodes(
      ClusterSnapshot snapshot,
      java.util.function.Function<String, java.util.Optional<String>> urls,
      PrintWriter out) {
    for (NodeSnapshot node : snapshot.nodes()) {
      out.println(node.name() + " " + node.state().label() + domain(snapshot, node) + " data=" + node.dataDir()
          + urls.apply(node.name()).map(u -> " " + u).orElse(""));
    }
    out.println(
        "cluster '"
            + snapshot.name()
            + "' is up with "
            + snapshot.nodes().size()
            + " node(s)"
            + (snapshot.ephemeral() ? " (ephemeral)" : "")
            + "; Ctrl-C stops it");
  }

  /** {@code " domain=east"} for a node of a lab of domains, else "". */
  private static String domain(ClusterSnapshot snapshot, NodeSnapshot node) {
    String domain = snapshot.domainOf(node.name());
    return domain.isEmpty() ? "" : " domain=" + domain;
  }
}
