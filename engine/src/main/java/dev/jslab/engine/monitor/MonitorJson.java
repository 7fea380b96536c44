package dev.jslab.engine.monitor;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.jslab.engine.api.Json;
import dev.jslab.engine.wire.Rfc3339;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * How the monitoring documents are written: through the engine's {@link Json} writer (Go string
 * escaping), indented as nats-server's {@code json.MarshalIndent(v, "", "  ")}, with Go's number
 * and time forms.
 *
 * <p>Stateless and thread-safe.
 */
final class MonitorJson {
  private MonitorJson() {}

  /** The document, indented by {@code spaces} per level. */
  static byte[] indented(int spaces, Json.Writer writer) {
    return Json.write(g -> {
      g.setPrettyPrinter(new GoIndent(spaces));
      writer.write(g);
    });
  }

  /** A Go {@code float64} field: whole numbers without a fraction, others in shortest form. */
  static void floatField(JsonGenerator g, String name, double value) throws IOException {
    g.writeFieldName(name);
    g.writeRawValue(goFloat(value));
  }

  /** A Go {@code time.Time} field in RFC 3339 with nanoseconds, UTC. */
  static void timeField(JsonGenerator g, String name, long epochNanos) throws IOException {
    g.writeStringField(name, Rfc3339.format(epochNanos));
  }

  /** Go's {@code encoding/json} text of a finite float64 in its plain range. */
  static String goFloat(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
  }
}
