package dev.jslab.engine.stream;

import dev.jslab.engine.api.ApiError;
import dev.jslab.engine.api.ApiException;
import dev.jslab.engine.api.JsError;
import dev.jslab.engine.subject.Subjects;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Validates a stream configuration and fills its defaults exactly as nats-server does on create
 * and update, answering with nats-server's error codes and texts.
 *
 * <p>Stateless and thread-safe; {@code lookup} is called on the caller's thread.
 */
public final class StreamConfigCheck {
  /** Longest stream, consumer or template name. */
  public static final int MAX_NAME_LENGTH = 255;
  /** Longest description. */
  public static final int MAX_DESCRIPTION_LENGTH = 4 * 1024;
  /** Largest sum of metadata key and value lengths. */
  public static final int MAX_METADATA_LENGTH = 128 * 1024;
  /** Most replicas a stream may have. */
  public static final int MAX_REPLICAS = 5;
  /** nats-server's default duplicate window: two minutes. */
  public static final long DEFAULT_DUPLICATE_WINDOW_NANOS = 120_000_000_000L;

  private static final long HUNDRED_MILLIS = 100_000_000L;

  private StreamConfigCheck() {}

  /** True when {@code name} is a valid stream, consumer or template name. */
  public static boolean isValidName(String name) {
    if (name == null || name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      switch (name.charAt(i)) {
        case ' ', '\t', '\r', '\n', '\f', '.', '*', '>' -> {
          return false;
        }
        default -> {}
      }
    }
    return true;
  }

  /**
   * Returns {@code config} with nats-server's defaults filled in, or throws the API error that
   * nats-server gives for it.
   *
   * @param lookup the configuration of another stream of the same account, by name
   * @throws ApiException with nats-server's code when the configuration is not acceptable
   */
  public static StreamConfig check(
      StreamConfig config, Function<String, Optional<StreamConfig>> lookup) {
    String name = config.name();
    if (!isValidName(name)) {
      throw invalid("stream name is required and can not contain '.', '*', '>'");
    }
    if (utf8Length(name) > MAX_NAME_LENGTH) {
      throw invalid("stream name is too long, maximum allowed is " + MAX_NAME_LENGTH);
    }
    if (utf8Length(config.description()) > MAX_DESCRIPTION_LENGTH) {
      throw invalid("stream description is too long, maximum allowed is " + MAX_DESCRIPTION_LENGTH);
    }
    long metadataLength = 0;
    for (Map.Entry<String, String> e : config.metadata().entrySet()) {
      metadataLength += utf8Length(e.getKey()) + utf8Length(e.getValue());
    }
    if (metadataLength > MAX_METADATA_LENGTH) {
      throw invalid("stream metadata exceeds maximum size of " + MAX_METADATA_LENGTH + " bytes");
    }
    StreamConfig.Builder b = config.toBuilder();
    StreamConfig cfg = defaults(config, b);
    checkDurations(cfg);
    if (cfg.denyPurge() && cfg.allowRollup()) {
      throw invalid("roll-ups require the purge permission");
    }
    checkDiscardNewPerSubject(cfg);
    cfg = checkMirror(cfg, lookup);
    checkSources(cfg, lookup);
    checkCycles(cfg, lookup);
    cfg = checkSubjects(cfg);
    checkRepublish(cfg);
    return cfg;
  }

  /**
   * Checks an update of {@code old} to {@code update}: everything {@link #check} checks, plus
   * what may not change. Returns the configuration to apply.
   */
  public static StreamConfig checkUpdate(
      StreamConfig old, StreamConfig update, Function<String, Optional<StreamConfig>> lookup) {
    StreamConfig cfg = check(update, lookup);
    if (!cfg.name().equals(old.name())) {
      throw invalid("stream configuration name must match original");
    }
    if (cfg.maxConsumers() != old.maxConsumers()) {
      throw invalid("stream configuration update can not change MaxConsumers");
    }
    if (cfg.storage() != old.storage()) {
      throw invalid("stream configuration update can not change storage type");
    }
    if (cfg.retention() != old.retention()
        && (old.retention() == RetentionPolicy.WORK_QUEUE
            || cfg.retention() == RetentionPolicy.WORK_QUEUE)) {
      throw invalid("stream configuration update can not change retention policy to/from workqueue");
    }
    if (!old.templateOwner().isEmpty()) {
      throw invalid("stream configuration update not allowed on template owned stream");
    }
    if (!cfg.templateOwner().isEmpty()) {
      throw invalid("stream configuration update can not be owned by a template");
    }
    if (!cfg.sealed() && old.sealed()) {
      throw invalid("stream configuration update can not unseal a sealed stream");
    }
    if (!cfg.denyDelete() && old.denyDelete()) {
      throw invalid("stream configuration update can not cancel deny message deletes");
    }
    if (!cfg.denyPurge() && old.denyPurge()) {
      throw invalid("stream configuration update can not cancel deny purge");
    }
    if (!java.util.Objects.equals(cfg.mirror(), old.mirror())) {
      throw JsError.STREAM_MIRROR_NOT_UPDATABLE.error().exception();
    }
    if (cfg.sealed()) {
      cfg =
          cfg.toBuilder()
              .maxAgeNanos(0)
              .discard(DiscardPolicy.NEW)
              .denyDelete(true)
              .denyPurge(true)
              .allowRollup(false)
              .build();
    }
    return cfg;
  }

  private static StreamConfig defaults(StreamConfig c, StreamConfig.Builder b) {
    if (c.replicas() > MAX_REPLICAS) {
      throw invalid("maximum replicas is " + MAX_REPLICAS);
    }
    if (c.replicas() < 0) {
      throw JsError.REPLICAS_COUNT_CANNOT_BE_NEGATIVE.error().exception();
    }
    b.replicas(c.replicas() == 0 ? 1 : c.replicas());
    b.maxMsgs(c.maxMsgs() == 0 ? -1 : c.maxMsgs());
    b.maxMsgsPerSubject(c.maxMsgsPerSubject() == 0 ? -1 : c.maxMsgsPerSubject());
    b.maxBytes(c.maxBytes() == 0 ? -1 : c.maxBytes());
    b.maxMsgSize(c.maxMsgSize() == 0 ? -1 : c.maxMsgSize());
    b.maxConsumers(c.maxConsumers() == 0 ? -1 : c.maxConsumers());
    if (c.duplicateWindowNanos() == 0 && c.mirror() == null) {
      long window = DEFAULT_DUPLICATE_WINDOW_NANOS;
      b.duplicateWindowNanos(
          c.maxAgeNanos() != 0 && c.maxAgeNanos() < window ? c.maxAgeNanos() : window);
    }
    return b.build();
  }

  private static void checkDurations(StreamConfig cfg) {
    if (cfg.maxAgeNanos() > 0 && cfg.maxAgeNanos() < HUNDRED_MILLIS) {
      throw invalid("max age needs to be >= 100ms");
    }
    if (cfg.duplicateWindowNanos() < 0) {
      throw invalid("duplicates window can not be negative");
    }
    if (cfg.maxAgeNanos() != 0 && cfg.duplicateWindowNanos() > cfg.maxAgeNanos()) {
      throw invalid("duplicates window can not be larger then max age");
    }
    if (cfg.duplicateWindowNanos() > 0 && cfg.duplicateWindowNanos() < HUNDRED_MILLIS) {
      throw invalid("duplicates window needs to be >= 100ms");
    }
  }

  private static void checkDiscardNewPerSubject(StreamConfig cfg) {
    if (!cfg.discardNewPerSubject()) {
      return;
    }
    if (cfg.discard() != DiscardPolicy.NEW) {
      throw invalid("discard new per subject requires discard new policy to be set");
    }
    if (cfg.maxMsgsPerSubject() <= 0) {
      throw invalid("discard new per subject requires max msgs per subject > 0");
    }
  }

  private static StreamConfig checkMirror(
      StreamConfig cfg, Function<String, Optional<StreamConfig>> lookup) {
    StreamSource m = cfg.mirror();
    if (m == null) {
      return cfg;
    }
    if (cfg.firstSeq() > 0) {
      throw JsError.MIRROR_WITH_FIRST_SEQ.error().exception();
    }
    if (!cfg.subjects().isEmpty()) {
      throw JsError.MIRROR_WITH_SUBJECTS.error().exception();
    }
    if (!cfg.sources().isEmpty()) {
      throw JsError.MIRROR_WITH_SOURCES.error().exception();
    }
    if (hasText(m.filterSubject()) && !m.subjectTransforms().isEmpty()) {
      throw JsError.MIRROR_MULTIPLE_FILTERS_NOT_ALLOWED.error().exception();
    }
    List<SubjectTransform> transforms = m.subjectTransforms();
    for (int i = 0; i < transforms.size(); i++) {
      if (!Subjects.isValid(transforms.get(i).source())) {
        throw JsError.MIRROR_INVALID_SUBJECT_FILTER.error().exception();
      }
      for (int j = 0; j < transforms.size(); j++) {
        if (i != j && Subjects.collide(transforms.get(i).source(), transforms.get(j).source())) {
          throw JsError.MIRROR_OVERLAPPING_SUBJECT_FILTERS.error().exception();
        }
      }
    }
    if (m.external() != null) {
      checkExternal(m.external());
      return cfg;
    }
    if (!isValidName(m.name())) {
      throw JsError.MIRROR_INVALID_STREAM_NAME.error().exception();
    }
    Optional<StreamConfig> origin = lookup.apply(m.name());
    if (origin.isPresent()) {
      int originMax = origin.get().maxMsgSize();
      if (cfg.maxMsgSize() > 0 && originMax > 0 && cfg.maxMsgSize() < originMax) {
        throw JsError.MIRROR_MAX_MESSAGE_SIZE_TOO_BIG.error().exception();
      }
      return cfg.toBuilder().mirrorDirect(origin.get().allowDirect()).build();
    }
    return cfg;
  }

  private static void checkSources(StreamConfig cfg, Function<String, Optional<StreamConfig>> lookup) {
    Set<String> seen = new HashSet<>();
    for (StreamSource src : cfg.sources()) {
      if (!isValidName(src.name())) {
        throw JsError.SOURCE_INVALID_STREAM_NAME.error().exception();
      }
      if (!seen.add(sourceIdentity(src))) {
        throw JsError.SOURCE_DUPLICATE_DETECTED.error().exception();
      }
      if (src.external() != null) {
        checkExternal(src.external());
        continue;
      }
      Optional<StreamConfig> origin = lookup.apply(src.name());
      if (origin.isPresent()
          && cfg.maxMsgSize() > 0
          && origin.get().maxMsgSize() > 0
          && cfg.maxMsgSize() < origin.get().maxMsgSize()) {
        throw JsError.SOURCE_MAX_MESSAGE_SIZE_TOO_BIG.error().exception();
      }
      if (hasText(src.filterSubject()) && !src.subjectTransforms().isEmpty()) {
        throw JsError.SOURCE_MULTIPLE_FILTERS_NOT_ALLOWED.error().exception();
      }
      List<SubjectTransform> transforms = src.subjectTransforms();
      for (SubjectTransform t : transforms) {
        if (hasText(t.destination()) && !Subjects.isValid(t.destination())) {
          throw JsError.SOURCE_INVALID_TRANSFORM_DESTINATION.error().exception();
        }
      }
      for (int i = 0; i < transforms.size(); i++) {
        if (!Subjects.isValid(transforms.get(i).source())) {
          throw JsError.SOURCE_INVALID_SUBJECT_FILTER.error().exception();
        }
        for (int j = 0; j < transforms.size(); j++) {
          if (i != j
              && Subjects.isSubsetOf(transforms.get(i).source(), transforms.get(j).source())) {
            throw JsError.SOURCE_OVERLAPPING_SUBJECT_FILTERS.error().exception();
          }
        }
      }
    }
  }

  /** Two sources are the same when name, filter and transforms are (nats-server's iname). */
  static String sourceIdentity(StreamSource src) {
    StringBuilder sb = new StringBuilder(src.name());
    if (src.external() != null && hasText(src.external().api())) {
      sb.append(':').append(src.external().api());
    }
    if (hasText(src.filterSubject())) {
      sb.append(' ').append(src.filterSubject());
    }
    for (SubjectTransform t : src.subjectTransforms()) {
      sb.append(' ').append(t.source()).append('>').append(t.destination());
    }
    return sb.toString();
  }

  private static void checkExternal(ExternalStream external) {
    if (hasText(external.deliver()) && !Subjects.isValidLiteral(external.deliver())) {
      throw JsError.STREAM_INVALID_EXTERNAL_DELIVERY_SUBJ.with("prefix", external.deliver()).exception();
    }
    String api = external.api();
    if (hasText(api)) {
      if (!Subjects.isValidLiteral(api)) {
        throw invalid(
            "stream external api prefix \"" + api + "\" must be a valid subject without wildcards");
      }
      if (Subjects.collide(api, "$JS.API")) {
        throw JsError.STREAM_EXTERNAL_API_OVERLAP.with("prefix", api, "subject", "$JS.API").exception();
      }
    }
  }

  private static void checkCycles(StreamConfig cfg, Function<String, Optional<StreamConfig>> lookup) {
    List<StreamConfig> toVisit = new ArrayList<>(List.of(cfg));
    Set<String> visited = new HashSet<>();
    int guard = 0;
    while (!toVisit.isEmpty() && guard++ < 10_000) {
      StreamConfig current = toVisit.remove(0);
      visited.add(current.name());
      for (StreamSource src : current.sources()) {
        if (src.external() != null) {
          continue;
        }
        if (visited.contains(src.name())) {
          if (overlaps(current.subjects(), src.filterSubject())) {
            throw invalid("detected cycle");
          }
        } else {
          lookup.apply(src.name()).ifPresent(toVisit::add);
        }
      }
      StreamSource m = current.mirror();
      if (m != null && m.external() == null) {
        if (visited.contains(m.name())) {
          throw invalid("detected cycle");
        }
        lookup.apply(m.name()).ifPresent(toVisit::add);
      }
    }
  }

  private static boolean overlaps(List<String> subjects, String filter) {
    if (!hasText(filter)) {
      return true;
    }
    return subjects.stream().anyMatch(s -> Subjects.collide(s, filter));
  }

  private static StreamConfig checkSubjects(StreamConfig cfg) {
    if (cfg.subjects().isEmpty()) {
      if (cfg.mirror() == null && cfg.sources().isEmpty()) {
        return cfg.toBuilder().subjects(List.of(cfg.name())).build();
      }
      return cfg;
    }
    Set<String> seen = new HashSet<>();
    for (String subject : cfg.subjects()) {
      if (!Subjects.isValid(subject)) {
        throw invalid("invalid subject");
      }
      if (!seen.add(subject)) {
        throw invalid("duplicate subjects detected");
      }
      if (Subjects.REST.equals(subject)) {
        if (!cfg.noAck()) {
          throw invalid("capturing all subjects requires no-ack to be true");
        }
        if (cfg.replicas() != 1) {
          throw invalid("capturing all subjects requires replicas of 1");
        }
      }
      if (!cfg.noAck()) {
        for (String namespace : List.of("$JS.>", "$JSC.>", "$NRG.>")) {
          if (Subjects.collide(subject, namespace) && !Subjects.isSubsetOf(subject, "$JS.EVENT.>")) {
            throw invalid("subjects that overlap with jetstream api require no-ack to be true");
          }
        }
        if (Subjects.collide(subject, "$SYS.>") && !Subjects.isSubsetOf(subject, "$SYS.ACCOUNT.>")) {
          throw invalid("subjects that overlap with system api require no-ack to be true");
        }
      }
    }
    for (String a : cfg.subjects()) {
      for (String b : cfg.subjects()) {
        if (!a.equals(b) && Subjects.collide(a, b)) {
          throw invalid("subject \"" + a + "\" overlaps with \"" + b + "\"");
        }
      }
    }
    return cfg;
  }

  private static void checkRepublish(StreamConfig cfg) {
    Republish r = cfg.republish();
    if (r == null) {
      return;
    }
    String source = hasText(r.source()) ? r.source() : Subjects.REST;
    for (String subject : cfg.subjects()) {
      if (Subjects.collide(r.destination(), subject)) {
        throw invalid("stream configuration for republish destination forms a cycle");
      }
    }
    if (!hasText(r.destination())
        || !SubjectTransformer.isValid(new SubjectTransform(source, r.destination()))) {
      throw invalid(
          "stream configuration for republish with transform from '"
              + source + "' to '" + r.destination() + "' not valid");
    }
  }

  /** nats-server measures names and texts in bytes. */
  private static int utf8Length(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  private static boolean hasText(String s) {
    return s != null && !s.isEmpty();
  }

  private static ApiException invalid(String message) {
    ApiError error = JsError.STREAM_INVALID_CONFIG.withError(message);
    return error.exception();
  }
}
