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
          + " at least as good) follows.",
      "--replicas 3 measures the JetStream figures on R3 streams instead (r3.js.*), on a 3-node"
          + " lab (--lab) and a 3-node nats-server cluster (--nats-server), each publishing through"
          + " the stream leader's node; --figure failover measures r3.failover.stepdown and"
          + " r3.failover.crash instead: how long publishing stops when the stream leader steps"
          + " down or is killed."
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

  @Option(names = "--lab", description =
          "Start a lab in its own JVM (one node; three with --replicas 3) and measure it over the wire.")
  boolean lab;

  @Option(
      names = "--nats-server",
      paramLabel = "PATH",
      arity = "0..1",
      fallbackValue = "nats-server",
      description =
          "Start nats-server (default: the one on the PATH) with JetStream (one process; a cluster of"
              + " three with --replicas 3) and measure it over the wire.")
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
      description =
          "Only these wire figures (e.g. core.pubsub,js.sync.file; with --replicas 3"
              + " r3.js.sync.file or failover); default: all but failover.")
  java.util.List<String> figures;

  @Option(
      names = "--replicas",
      paramLabel = "R",
      defaultValue = "1",
      description =
          "Replicas of the measured streams: 1, or 3 on a 3-node cluster of each server"
              + " (default: ${DEFAULT-VALUE}).")
  int replicas;

  @Option(
      names = "--lab-raft-timings",
      paramLabel = "PRESET",
      defaultValue = "nats",
      description =
          "Raft timings of the R3 lab: nats (default) or classroom (ten times faster; its figures"
              + " are the lab's alone, so not with --nats-server).")
  String labRaftTimings;

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
    if (replicas != 1 && replicas != 3) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--replicas must be 1 or 3 (was " + replicas + ")");
    }
    try {
      dev.jslab.engine.raft.RaftTimings.named(labRaftTimings);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (!labRaftTimings.equals("nats") && (natsServer != null || !lab || replicas == 1)) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "--lab-raft-timings " + labRaftTimings + " is for --lab --replicas 3 alone: nats-server has"
              + " only its own timings to compare with");
    }
    if (replicas > 1 && url != null) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "--replicas " + replicas + " starts its own clusters: use --lab and/or --nats-server, not --url");
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

  private java.util.List<String> selectedFigures() {
    try {
      return FigureSelection.select(replicas, figures);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private int runWire(java.util.function.Consumer<BenchResult> print) {
    java.util.List<String> chosen = selectedFigures();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    java.util.List<WireTarget> targets = new java.util.ArrayList<>();
    try {
      WireBenchSize size = WireBenchSize.DEFAULT.scaledDown(wireDivisor);
      java.time.Duration warmUp = java.time.Duration.ofSeconds(warmUpSeconds);
      if (lab) {
        targets.add(
            replicas == 1
                ? new ServerTarget(BenchServer.startLab(), size, rounds, warmUp)
                : new ClusterTarget(LabCluster.start(replicas, labRaftTimings), replicas, size, rounds, warmUp));
      }
      if (natsServer != null) {
        targets.add(
            replicas == 1
                ? new ServerTarget(BenchServer.startNatsServer(natsServer), size, rounds, warmUp)
                : new ClusterTarget(
                    NatsServerCluster.start(natsServer, replicas), replicas, size, rounds, warmUp));
      }
      if (url != null) {
        targets.add(new ServerTarget(BenchServer.atUrl(url), size, rounds, warmUp));
      }
      boolean complete =
          new WireComparison(targets, chosen)
              .run(
                  print,
                  note -> {
                    out.println(note);
                    out.flush();
                  },
                  error -> {
                    err.println("jslab bench: " + error);
                    err.flush();
                  });
      return complete ? 0 : 1;
    } catch (Exception e) {
      err.println("jslab bench: " + e.getMessage());
      err.flush();
      return 1;
    } finally {
      targets.forEach(WireTarget::close);
    }
  }
}
