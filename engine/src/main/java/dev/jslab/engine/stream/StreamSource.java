package dev.jslab.engine.stream;

import java.time.Instant;
import java.util.List;

/**
 * The origin of a mirror or of one source of a stream.
 *
 * @param name origin stream name
 * @param optStartSeq first origin sequence to copy, 0 for the default
 * @param optStartTime copy from this time on, or null
 * @param filterSubject copy only this subject, or null
 * @param subjectTransforms filters with rewrites (2.10), empty when none
 * @param external where the origin lives when not in this domain, or null
 */
public record StreamSource(
    String name,
    long optStartSeq,
    Instant optStartTime,
    String filterSubject,
    List<SubjectTransform> subjectTransforms,
    ExternalStream external) {
  public StreamSource {
    subjectTransforms = subjectTransforms == null ? List.of() : List.copyOf(subjectTransforms);
  }

  /** A plain source of {@code name}, from its beginning, unfiltered. */
  public static StreamSource of(String name) {
    return new StreamSource(name, 0, null, null, List.of(), null);
  }
}
