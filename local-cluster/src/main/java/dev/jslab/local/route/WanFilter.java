package dev.jslab.local.route;

import dev.jslab.engine.api.handler.JsApi;

/**
 * What a WAN link between two JetStream domains does not carry, as nats-server's leaf node
 * connections between servers of different domains deny it: each domain's own JetStream API
 * ({@code $JS.API.>}, reached from elsewhere only as {@code $JS.<domain>.API.>}), key-value and
 * object store subjects ({@code $KV.>}, {@code $OBJ.>}), and the cluster's own traffic among its
 * nodes ({@code $JSC.>}) — except a mirror's or source's inbox for its consumer create answer
 * ({@code $JSC.R.<token>}, one token), which must cross back to it.
 *
 * <p>Stateless.
 */
final class WanFilter {
  private WanFilter() {}

  /** Whether a message on {@code subject} stays within its domain. */
  static boolean staysInDomain(String subject) {
    if (subject.startsWith(JsApi.PREFIX) || subject.startsWith("$KV.") || subject.startsWith("$OBJ.")) {
      return true;
    }
    if (!subject.startsWith("$JSC.")) {
      return false;
    }
    return !(subject.startsWith("$JSC.R.") && subject.indexOf('.', "$JSC.R.".length()) < 0);
  }
}
