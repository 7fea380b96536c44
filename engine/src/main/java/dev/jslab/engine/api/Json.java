package dev.jslab.engine.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The engine's JSON plumbing on Jackson: one shared mapper and a way to write a document field by
 * field, in the order nats-server writes it, with Go's string escaping ({@code >} as {@code
 * \u003e}, …) so documents match nats-server's byte for byte.
 *
 * <p>Thread-safe.
 */
public final class Json {
  /** Shared, immutable after construction. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private static final JsonFactory FACTORY = MAPPER.getFactory();

  private Json() {}

  /** Writes one JSON document. */
  @FunctionalInterface
  public interface Writer {
    void write(JsonGenerator g) throws IOException;
  }

  /** The bytes {@code writer} produces. */
  public static byte[] write(Writer writer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.setCharacterEscapes(GoJsonEscapes.INSTANCE);
      writer.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Writes {@code "error":{"code":..,"err_code":..,"description":..}} as a field. */
  public static void writeErrorField(JsonGenerator g, ApiError error) throws IOException {
    g.writeObjectFieldStart("error");
    g.writeNumberField("code", error.code());
    g.writeNumberField("err_code", error.errCode());
    g.writeStringField("description", error.description());
    g.writeEndObject();
  }
}
