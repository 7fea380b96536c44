package dev.jslab.engine.stream;

import dev.jslab.engine.message.Headers;
import dev.jslab.engine.message.OutboundMessage;
import dev.jslab.engine.subject.Subjects;
import dev.jslab.engine.wire.Rfc3339;

/**
 * A stream's {@code republish}: once stored, a message whose subject matches the source is sent
 * on to the transformed destination with {@code Nats-Stream}, {@code Nats-Subject}, {@code
 * Nats-Sequence}, {@code Nats-Time-Stamp} and {@code Nats-Last-Sequence} (the previous sequence of
 * that subject) appended to its headers; headers-only sends {@code Nats-Msg-Size} and no payload.
 *
 * <p>Immutable and thread-safe.
 */
final class Republisher {
  private static final Republisher NONE = new Republisher(null, null, false);

  private final String source;
  private final SubjectTransformer transform;
  private final boolean headersOnly;

  private Republisher(String source, SubjectTransformer transform, boolean headersOnly) {
    this.source = source;
    this.transform = transform;
    this.headersOnly = headersOnly;
  }

  static Republisher of(Republish republish) {
    if (republish == null || republish.destination() == null || republish.destination().isEmpty()) {
      return NONE;
    }
    String src = republish.source() == null || republish.source().isEmpty() ? Subjects.REST : republish.source();
    return new Republisher(
        src, SubjectTransformer.of(new SubjectTransform(src, republish.destination())), republish.headersOnly());
  }

  boolean wants(String subject) {
    return source != null && Subjects.matches(source, subject);
  }

  OutboundMessage republish(
      String stream, String subject, byte[] headers, byte[] data, long seq, long ts, long lastOfSubject) {
    String[] fields = {
      "Nats-Stream", stream,
      "Nats-Subject", subject,
      "Nats-Sequence", Long.toString(seq),
      "Nats-Time-Stamp", Rfc3339.format(ts),
      "Nats-Last-Sequence", Long.toString(lastOfSubject)
    };
    if (headersOnly) {
      String[] withSize = java.util.Arrays.copyOf(fields, fields.length + 2);
      withSize[fields.length] = "Nats-Msg-Size";
      withSize[fields.length + 1] = Integer.toString(data.length);
      fields = withSize;
    }
    byte[] out = Headers.append(headers, fields);
    return new OutboundMessage(transform.apply(subject), null, out, headersOnly ? null : data);
  }
}
