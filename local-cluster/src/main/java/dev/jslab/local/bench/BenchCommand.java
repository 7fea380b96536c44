package dev.jslab.local.bench;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jslab bench}: measures the lab and prints one line per figure. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure JetStream Lab. Prints one line per figure: bench <name> <value> <unit>.",
      "--engine runs the in-process engine benchmarks (single node, 128-byte payloads).",
      "--lab, --nats-server and --url drive a server over the NATS protocol with jnats, as"
          + " 'nats bench' does; with --lab and --nats-server together each figure is measured on"
          + " both, alternately, and a ratio line (lab against nats-server, >= 1 means the lab is"
          + " at least as good) follows."
    })
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--engine", description = "Run the in-process engine benchmarks.")
  boolean engine;

  @Option(
      names = "--messages",
      paramLabel = "N",
      defaultValue = "1000000",
      description = "Messages per measured round (default: ${DEFAULT-VALUE}).")
  int messages;

  @Option(
      names = "--rounds",
      paramLabel = "N",
      defaultValue = "5",
      description = "Measured rounds after one warm-up; the best is reported (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--reopen-messages",
      paramLabel = "N",
      defaultValue = "1000000",
      description = "Messages in the file stream that is reopened and weighed (default: ${DEFAULT-VALUE}).")
  int reopenMessages;

  @Option(names = "--lab", description = "Start one lab node in its own JVM and measure it over the wire.")
  boolean lab;

  @Option(
      names = "--nats-server",
      paramLabel = "PATH",
      arity = "0..1",
      fallbackValue = "nats-server",
      description = "Start nats-server (default: the one on the PATH) with JetStream and measure it over the wire.")
  String natsServer;

  @Option(names = "--url", paramLabel = "URL", description = "Measure the NATS server at URL over the wire.")
  String url;

  @Option(
      names = "--wire-divisor",
      paramLabel = "D",
      defaultValue = "1",
      description = "Divide the wire message counts by D, for a quick run (default: ${DEFAULT-VALUE}).")
  int wireDivisor;

  @Option(
      names = "--warm-up",
      paramLabel = "SECONDS",
      defaultValue = "3",
      description = "Unmeasured rounds run at least this long before each wire figure (default: ${DEFAULT-VALUE}).")
  int warmUpSeconds;

  @Option(
      names = "--figure",
      paramLabel = "NAME",
      split = ",",
      description = "Only these wire figures (e.g. core.pubsub,js.sync.file); default: all.")
  java.util.List<String> figures;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    boolean wire = lab || natsServer != null || url != null;
    if (!engine && !wire) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "choose what to measure: --engine, --lab, --nats-server or --url");
    }
    if (messages < 1 || rounds < 1 || reopenMessages < 1 || wireDivisor < 1 || warmUpSeconds < 0) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "--messages, --rounds, --reopen-messages and --wire-divisor must be at least 1,"
              + " --warm-up at least 0");
    }
    PrintWriter out = spec.commandLine().getOut();
    java.util.function.Consumer<BenchResult> print =
        r -> {
          out.println(r.line());
          out.flush();
        };
    if (engine) {
      new EngineBench(messages, rounds, reopenMessages).run(print);
    }
    if (wire) {
      return runWire(print);
    }
    return 0;
  }

  private java.util.List<WireBench.Figure> selectedFigures() {
    java.util.List<WireBench.Figure> all = java.util.List.of(WireBench.Figure.values());
    if (figures == null || figures.isEmpty()) {
      return all;
    }
    java.util.List<WireBench.Figure> chosen = new java.util.ArrayList<>();
    for (String name : figures) {
      chosen.add(
          all.stream()
              .filter(f -> f.label().equals(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      new picocli.CommandLine.ParameterException(
                          spec.commandLine(),
                          "unknown figure '" + name + "'; known: "
                              + all.stream().map(WireBench.Figure::label).toList())));
    }
    return chosen;
  }

  private int runWire(java.util.function.Consumer<BenchResult> print) {
    java.util.List<WireBench.Figure> chosen = selectedFigures();
    java.util.List<BenchServer> servers = new java.util.ArrayList<>();
    try {
      if (lab) {
        servers.add(BenchServer.startLab());
      }
      if (natsServer != null) {
        servers.add(BenchServer.startNatsServer(natsServer));
      }
      if (url != null) {
        servers.add(BenchServer.atUrl(url));
      }
      new WireComparison(servers, WireBenchSize.DEFAULT.scaledDown(wireDivisor), rounds, java.time.Duration.ofSeconds(warmUpSeconds), chosen)
          .run(print);
      return 0;
    } catch (Exception e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("jslab bench: " + e.getMessage());
      err.flush();
      return 1;
    } finally {
      servers.forEach(BenchServer::close);
    }
  }
}
