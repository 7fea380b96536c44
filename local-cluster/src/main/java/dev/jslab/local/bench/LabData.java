package dev.jslab.local.bench;

import dev.jslab.local.cluster.DataDirectories;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ephemeral data directory of a lab process the bench started, read from the lines it prints
 * ({@code n1 running data=/tmp/jetstream-lab-lab-…/n1 …}), so it can be removed when the process
 * had to be killed before it removed it itself.
 *
 * <p>Stateless.
 */
final class LabData {
  private static final Pattern DATA = Pattern.compile("\\bdata=(\\S+)");
  private static final String EPHEMERAL_PREFIX = "jetstream-lab-";

  private LabData() {}

  /** The directory holding the nodes' data, when {@code output} names an ephemeral one. */
  static Optional<Path> ephemeralRoot(String output) {
    Matcher m = DATA.matcher(output);
    if (!m.find()) {
      return Optional.empty();
    }
    Path root = Path.of(m.group(1)).getParent();
    return root != null && root.getFileName().toString().startsWith(EPHEMERAL_PREFIX)
        ? Optional.of(root)
        : Optional.empty();
  }

  /** Stops {@code lab} and removes its ephemeral data directory if it is still there. */
  static void stopAndRemove(ServerProcess lab) {
    lab.stop();
    ephemeralRoot(lab.output()).ifPresent(DataDirectories::deleteRecursively);
  }
}
