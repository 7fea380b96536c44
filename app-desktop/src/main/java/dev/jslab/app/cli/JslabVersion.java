package dev.jslab.app.cli;

import picocli.CommandLine.IVersionProvider;

/** The version {@code jslab --version} prints: the jar's implementation version, if packaged. */
public final class JslabVersion implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = JslabVersion.class.getPackage().getImplementationVersion();
    return new String[] {"JetStream Lab " + (version == null ? "(development build)" : version)};
  }
}
