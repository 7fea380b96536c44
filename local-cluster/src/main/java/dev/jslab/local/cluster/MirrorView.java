package dev.jslab.local.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One mirror as the lab sees it from above: where it is, where its origin is, and how far behind
 * it is — counted by the lab from both streams' last sequences, so it grows while a WAN link is
 * cut, unlike the {@code lag} nats-server reports (which the mirror only learns from deliveries
 * and is kept here beside it). Immutable.
 *
 * @param stream the mirror stream
 * @param node the node whose copy of it leads, or "" while no copy leads (none copies then)
 * @param domain that node's domain, "" for none
 * @param origin the origin stream's name
 * @param originDomain the origin's domain: the one its {@code external.api} names, else the mirror's
 * @param mirroredSeq the mirror's last sequence (a mirror keeps its origin's sequences)
 * @param originSeq the origin's last sequence, -1 when no running node leads it
 * @param behind how many sequences the origin is ahead, -1 when unknown
 * @param reportedLag the {@code lag} of the mirror's stream info
 * @param activeMillis milliseconds since the mirror last heard from its origin, -1 never
 * @param error the mirror's last setup error, empty when none
 */
public record MirrorView(
    String stream,
    String node,
    String domain,
    String origin,
    String originDomain,
    long mirroredSeq,
    long originSeq,
    long behind,
    long reportedLag,
    long activeMillis,
    Optional<String> error) {

  /**
   * The mirrors among {@code facts} (every running node's streams), each with its origin's state:
   * one view per mirror stream of a domain, from its leading copy, or while none leads from one of
   * its copies with no node.
   */
  public static List<MirrorView> of(List<StreamFacts> facts) {
    java.util.Map<String, StreamFacts> chosen = new java.util.LinkedHashMap<>();
    for (StreamFacts f : facts) {
      if (f.mirror().isPresent()) {
        String key = f.domain() + "\u0000" + f.stream();
        StreamFacts had = chosen.get(key);
        if (had == null || (!had.leads() && f.leads())) {
          chosen.put(key, f);
        }
      }
    }
    List<MirrorView> views = new ArrayList<>();
    for (StreamFacts f : chosen.values()) {
      var m = f.mirror().get();
      String originDomain = m.external() == null ? f.domain() : domainOf(m.external().api(), f.domain());
      long originSeq =
          facts.stream()
              .filter(o -> o.leads() && o.stream().equals(m.name()) && o.domain().equals(originDomain))
              .mapToLong(StreamFacts::lastSeq)
              .max()
              .orElse(-1);
      views.add(new MirrorView(
          f.stream(), f.leads() ? f.node() : "", f.domain(), m.name(), originDomain, f.lastSeq(), originSeq,
          originSeq < 0 ? -1 : Math.max(0, originSeq - f.lastSeq()), m.lag(),
          m.activeNanos() < 0 ? -1 : m.activeNanos() / 1_000_000,
          Optional.ofNullable(m.error()).map(e -> e.description())));
    }
    return List.copyOf(views);
  }

  /** How long a mirror may hear nothing from its origin before it counts as silent. */
  public static final long SILENT_AFTER_MILLIS = 3_000;

  /** How finely a silence is told apart: views compare equal within one step. */
  static final long SILENCE_STEP_MILLIS = 5_000;

  /**
   * This view with the time since the mirror last heard from its origin coarsened — zero while it
   * hears its origin's heartbeats, else whole {@value #SILENCE_STEP_MILLIS} ms steps — to tell
   * progress from the ticking of a clock.
   */
  MirrorView progress() {
    long silence = activeMillis < SILENT_AFTER_MILLIS ? 0 : 1 + activeMillis / SILENCE_STEP_MILLIS;
    return new MirrorView(
        stream, node, domain, origin, originDomain, mirroredSeq, originSeq, behind, reportedLag,
        silence, error);
  }

  /** {@code $JS.<domain>.API} names a domain; any other API prefix is taken as the mirror's own. */
  static String domainOf(String api, String fallback) {
    if (api != null && api.length() > "$JS..API".length() && api.startsWith("$JS.") && api.endsWith(".API")) {
      String d = api.substring(4, api.length() - 4);
      if (!d.isEmpty() && !d.contains(".")) {
        return d;
      }
    }
    return fallback;
  }
}
