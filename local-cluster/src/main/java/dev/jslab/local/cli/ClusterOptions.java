package dev.jslab.local.cli;

import dev.jslab.local.cluster.ClusterSpec;
import dev.jslab.local.cluster.DomainSpec;
import dev.jslab.local.cluster.DataDirectories;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options that say which local cluster to run, shared by {@code jslab} (the desktop app) and
 * {@code jslab server}. A picocli mixin; not thread-safe.
 */
public final class ClusterOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(
      names = "--nodes",
      paramLabel = "N",
      description =
          "Number of nodes, "
              + ClusterSpec.MIN_NODES
              + " to "
              + ClusterSpec.MAX_NODES
              + " (default: "
              + ClusterSpec.DEFAULT_NODES
              + "). Nodes are named n1, n2, ...")
  Integer nodes;

  @Option(
      names = "--domain",
      paramLabel = "NAME:N",
      description =
          "A JetStream domain of N nodes, its own cluster named NAME; repeat for more domains,"
              + " joined by WAN links (their nodes are numbered on: --domain east:3 --domain dr:1"
              + " gives n1-n3 in east and n4 in dr). Other domains' streams are reached as"
              + " $JS.<NAME>.API, e.g. by a mirror's external.api. Replaces --nodes.")
  List<String> domains = new ArrayList<>();

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "Directory for the nodes' data, one folder per node"
              + " (default: $XDG_DATA_HOME/jetstream-lab/<cluster>,"
              + " else ~/.local/share/jetstream-lab/<cluster>).")
  Path data;

  @Option(
      names = "--ephemeral",
      description = "Keep the nodes' data in a temporary directory that is removed on exit.")
  boolean ephemeral;

  @Option(
      names = "--cluster",
      paramLabel = "NAME",
      defaultValue = ClusterSpec.DEFAULT_NAME,
      description = "Cluster name, also its folder under the data directory (default: ${DEFAULT-VALUE}).")
  String cluster;

  @Option(
      names = "--raft-timings",
      paramLabel = "PRESET",
      defaultValue = "nats",
      description =
          "Clocks of the Raft groups: nats (nats-server's: elections after 4-9 s of silence,"
              + " heartbeat 1 s, lost quorum 10 s) or classroom (ten times faster)"
              + " (default: ${DEFAULT-VALUE}).")
  String raftTimings;

  /**
   * Parses cluster options out of {@code args}, ignoring anything else (such as JavaFX's own
   * arguments), and returns the cluster they describe.
   *
   * @throws ParameterException when a value is bad
   */
  public static ClusterSpec parse(String... args) {
    Holder holder = new Holder();
    new CommandLine(holder).setUnmatchedArgumentsAllowed(true).parseArgs(args);
    return holder.options.toSpec();
  }

  @Command(name = "jslab")
  private static final class Holder {
    @Mixin ClusterOptions options;
  }

  /**
   * The cluster these options describe, after checking every value: a bad value becomes a picocli
   * {@link ParameterException}, which the command line reports in one line with exit code 2.
   */
  public ClusterSpec toSpec() {
    ClusterSpec spec;
    try {
      List<DomainSpec> parsed = domains.stream().map(DomainSpec::parse).toList();
      int total = parsed.stream().mapToInt(DomainSpec::nodes).sum();
      if (!parsed.isEmpty() && nodes != null && nodes != total) {
        throw new IllegalArgumentException(
            "--nodes " + nodes + " disagrees with the domains' " + total + " node(s); leave it out");
      }
      int count = parsed.isEmpty() ? (nodes == null ? ClusterSpec.DEFAULT_NODES : nodes) : total;
      spec =
          new ClusterSpec(
              cluster,
              count,
              Optional.ofNullable(data),
              ephemeral,
              dev.jslab.engine.raft.RaftTimings.named(raftTimings),
              parsed);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(command.commandLine(), e.getMessage(), e);
    }
    if (data != null) {
      try {
        DataDirectories.requireWritable(data.toAbsolutePath().normalize());
      } catch (IllegalArgumentException e) {
        throw new ParameterException(
            command.commandLine(), "--data " + data + ": directory is not writable", e);
      }
    }
    return spec;
  }
}
