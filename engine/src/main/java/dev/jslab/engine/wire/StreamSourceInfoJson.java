package dev.jslab.engine.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.jslab.engine.api.Json;
import dev.jslab.engine.sourcing.StreamSourceInfo;
import dev.jslab.engine.stream.SubjectTransform;
import java.io.IOException;

/**
 * A mirror's or source's {@link StreamSourceInfo} as nats-server marshals its {@code
 * StreamSourceInfo}: {@code name}, {@code external} (when set), {@code lag}, {@code active} in
 * nanoseconds (-1 when never heard from), {@code error} (when set), {@code filter_subject} and
 * {@code subject_transforms} (when not empty).
 *
 * <p>Stateless and thread-safe.
 */
public final class StreamSourceInfoJson {
  private StreamSourceInfoJson() {}

  /** The info as a JSON document. */
  public static byte[] toJson(StreamSourceInfo info) {
    return Json.write(g -> write(g, info));
  }

  /** Writes the info object at the generator's position. */
  public static void write(JsonGenerator g, StreamSourceInfo info) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", info.name());
    if (info.external() != null) {
      g.writeObjectFieldStart("external");
      g.writeStringField("api", text(info.external().api()));
      g.writeStringField("deliver", text(info.external().deliver()));
      g.writeEndObject();
    }
    g.writeNumberField("lag", info.lag());
    g.writeNumberField("active", info.activeNanos());
    if (info.error() != null) {
      Json.writeErrorField(g, info.error());
    }
    if (!info.filterSubject().isEmpty()) {
      g.writeStringField("filter_subject", info.filterSubject());
    }
    if (!info.subjectTransforms().isEmpty()) {
      g.writeArrayFieldStart("subject_transforms");
      for (SubjectTransform t : info.subjectTransforms()) {
        g.writeStartObject();
        g.writeStringField("src", text(t.source()));
        g.writeStringField("dest", text(t.destination()));
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }
}
