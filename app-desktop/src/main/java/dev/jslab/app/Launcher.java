package dev.jslab.app;

import dev.jslab.app.cli.JslabCommand;

/**
 * The {@code jslab} entry point. It is deliberately not a JavaFX {@code Application}: launching
 * from the classpath needs a plain main class, and {@code jslab server} must run without JavaFX.
 */
public final class Launcher {
  private Launcher() {}

  public static void main(String[] args) {
    System.exit(JslabCommand.run(args));
  }
}
