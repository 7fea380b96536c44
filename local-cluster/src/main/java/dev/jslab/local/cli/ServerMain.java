package dev.jslab.local.cli;

import picocli.CommandLine;

/**
 * Runs {@code jslab server} without the desktop launcher: the entry point of the lab process the
 * wire bench starts. Arguments are those of {@link ServerCommand}.
 */
public final class ServerMain {
  private ServerMain() {}

  public static void main(String[] args) {
    System.exit(CommandLines.configure(new CommandLine(new ServerCommand())).execute(args));
  }
}
