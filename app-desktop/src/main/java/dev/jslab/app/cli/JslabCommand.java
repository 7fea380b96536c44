package dev.jslab.app.cli;

import dev.jslab.app.JetStreamLabApp;
import dev.jslab.local.cli.ClusterOptions;
import dev.jslab.local.cli.CommandLines;
import dev.jslab.local.bench.BenchCommand;
import dev.jslab.local.cli.CheckCommand;
import dev.jslab.local.cli.ServerCommand;
import dev.jslab.local.control.CtlCommand;
import java.util.concurrent.Callable;
import javafx.application.Application;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Unmatched;

/**
 * {@code jslab}: without a subcommand it opens the desktop explorer on a local cluster; {@code
 * jslab server} runs the same cluster headless. Runs on the caller's thread until the window
 * closes or the server stops.
 */
@Command(
    name = "jslab",
    mixinStandardHelpOptions = true,
    versionProvider = JslabVersion.class,
    description = {
      "JetStream Lab: a multi-node NATS JetStream cluster in one process, to watch and to break.",
      "Without a command, opens the desktop explorer on a local cluster."
    },
    subcommands = {ServerCommand.class, CtlCommand.class, CheckCommand.class, BenchCommand.class})
public final class JslabCommand implements Callable<Integer> {
  @Mixin ClusterOptions options;

  /** JavaFX's own arguments (e.g. --prism.order) pass through to the toolkit untouched. */
  @Unmatched String[] unmatched = new String[0];

  private final String[] rawArgs;

  private JslabCommand(String[] rawArgs) {
    this.rawArgs = rawArgs.clone();
  }

  /** Parses {@code args}, runs what they ask for and returns the process exit code. */
  public static int run(String... args) {
    return CommandLines.configure(new CommandLine(new JslabCommand(args))).execute(args);
  }

  @Override
  public Integer call() {
    options.toSpec(); // reject bad arguments with exit code 2 before any window opens
    Application.launch(JetStreamLabApp.class, rawArgs);
    return JetStreamLabApp.startupFailed() ? ServerCommand.EXIT_START_FAILED : 0;
  }
}
