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
      "--engine runs the in-process engine benchmarks (single node, 128-byte payloads)."
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

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (!engine) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "choose what to measure: --engine");
    }
    if (messages < 1 || rounds < 1 || reopenMessages < 1) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--messages, --rounds and --reopen-messages must be at least 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    new EngineBench(messages, rounds, reopenMessages)
        .run(
            r -> {
              out.println(r.line());
              out.flush();
            });
    return 0;
  }
}
