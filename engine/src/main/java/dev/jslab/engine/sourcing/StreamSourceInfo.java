package dev.jslab.engine.sourcing;

import dev.jslab.engine.api.ApiError;
import dev.jslab.engine.stream.ExternalStream;
import dev.jslab.engine.stream.SubjectTransform;
import java.util.List;

/**
 * How a mirror or one source is doing, as nats-server's {@code StreamSourceInfo} in a stream's
 * info ({@code mirror}, {@code sources[]}). An immutable snapshot, taken on the node's executor.
 *
 * @param name the origin stream
 * @param external where the origin lives when not in this domain, or null
 * @param lag messages the origin still had to deliver at the last delivery, minus one (as
 *     nats-server counts it): the {@code pending} token of that delivery's ack reply, less one
 * @param activeNanos nanoseconds since the last message or heartbeat from the origin, -1 when
 *     nothing was ever heard
 * @param error why the last attempt to set up the internal consumer failed, or null
 * @param filterSubject the single subject filter, or empty
 * @param subjectTransforms the filters with their rewrites, empty when none
 */
public record StreamSourceInfo(
    String name,
    ExternalStream external,
    long lag,
    long activeNanos,
    ApiError error,
    String filterSubject,
    List<SubjectTransform> subjectTransforms) {
  public StreamSourceInfo {
    filterSubject = filterSubject == null ? "" : filterSubject;
    subjectTransforms = subjectTransforms == null ? List.of() : List.copyOf(subjectTransforms);
  }
}
