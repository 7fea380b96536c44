package dev.jslab.local.cli;

import picocli.CommandLine;

/**
 * Configures a picocli command line the way every {@code jslab} command reports errors: a bad
 * argument prints one line naming the problem, and the process exits with code 2.
 */
public final class CommandLines {
  /** Exit code for bad arguments, as picocli and most Unix tools use. */
  public static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;

  private CommandLines() {}

  /** Returns {@code commandLine}, configured. */
  public static CommandLine configure(CommandLine commandLine) {
    return commandLine.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine failed = ex.getCommandLine();
          String name = failed.getCommandSpec().qualifiedName();
          failed
              .getErr()
              .println(name + ": " + ex.getMessage() + " (see '" + name + " --help')");
          failed.getErr().flush();
          return EXIT_USAGE;
        });
  }
}
