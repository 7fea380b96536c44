package dev.jslab.engine.advisory;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.jslab.engine.wire.Rfc3339;
import java.io.IOException;

/**
 * The fields every nats-server advisory starts with: {@code type}, {@code id} (a NUID) and
 * {@code timestamp} (RFC 3339 with nanoseconds). Stateless.
 */
public final class AdvisoryHead {
  private AdvisoryHead() {}

  /** Writes the three fields into the object {@code g} is in. */
  public static void write(JsonGenerator g, String type, String id, long timestampNanos)
      throws IOException {
    g.writeStringField("type", type);
    g.writeStringField("id", id);
    g.writeStringField("timestamp", Rfc3339.format(timestampNanos));
  }
}
