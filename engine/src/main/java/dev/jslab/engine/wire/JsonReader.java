package dev.jslab.engine.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jslab.engine.api.ApiException;
import dev.jslab.engine.api.Json;
import dev.jslab.engine.api.JsError;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Typed, strict reads of JSON fields with Go's decoding rules: absent or {@code null} gives the
 * zero value, a value of the wrong type is an invalid-JSON API error (10025).
 *
 * <p>Stateless and thread-safe.
 */
public final class JsonReader {
  private JsonReader() {}

  /** Parses a document; malformed JSON is 10025. */
  public static JsonNode parse(byte[] json) {
    try {
      JsonNode node = Json.MAPPER.readTree(json);
      if (node == null || node.isMissingNode()) {
        throw invalid();
      }
      return node;
    } catch (IOException e) {
      throw invalid();
    }
  }

  /** The object itself, or 10025 when it is not an object. */
  public static JsonNode object(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw invalid();
    }
    return node;
  }

  public static String string(JsonNode obj, String field) {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return "";
    }
    if (!v.isTextual()) {
      throw invalid();
    }
    return v.textValue();
  }

  public static long int64(JsonNode obj, String field) {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return 0;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw invalid();
    }
    return v.longValue();
  }

  /** An unsigned 64-bit value that must also fit a Java long. */
  public static long uint64(JsonNode obj, String field) {
    long value = int64(obj, field);
    if (value < 0) {
      throw invalid();
    }
    return value;
  }

  public static int int32(JsonNode obj, String field) {
    long value = int64(obj, field);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw invalid();
    }
    return (int) value;
  }

  public static boolean bool(JsonNode obj, String field) {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return false;
    }
    if (!v.isBoolean()) {
      throw invalid();
    }
    return v.booleanValue();
  }

  /** An RFC 3339 time, or null when absent. */
  public static Instant time(JsonNode obj, String field) {
    String s = string(obj, field);
    if (s.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      try {
        return java.time.OffsetDateTime.parse(s).toInstant();
      } catch (DateTimeParseException e2) {
        throw invalid();
      }
    }
  }

  public static List<String> strings(JsonNode obj, String field) {
    return list(obj, field, v -> {
      if (!v.isTextual()) {
        throw invalid();
      }
      return v.textValue();
    });
  }

  public static <T> List<T> list(JsonNode obj, String field, Function<JsonNode, T> element) {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw invalid();
    }
    List<T> out = new ArrayList<>(v.size());
    v.forEach(e -> out.add(element.apply(e)));
    return out;
  }

  /** A nested object, or null when absent. */
  public static JsonNode child(JsonNode obj, String field) {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      throw invalid();
    }
    return v;
  }

  public static Map<String, String> stringMap(JsonNode obj, String field) {
    JsonNode v = child(obj, field);
    if (v == null) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    v.fields().forEachRemaining(e -> {
      if (!e.getValue().isTextual()) {
        throw invalid();
      }
      out.put(e.getKey(), e.getValue().textValue());
    });
    return out;
  }

  /** One of {@code allowed} by wire name (case-sensitive unless stated), or 10025. */
  public static <E extends Enum<E>> E enumValue(
      JsonNode obj, String field, E zero, Function<E, String> wireName, E[] allowed, boolean ignoreCase) {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return zero;
    }
    if (!v.isTextual()) {
      throw invalid();
    }
    for (E e : allowed) {
      String name = wireName.apply(e);
      if (ignoreCase ? name.equalsIgnoreCase(v.textValue()) : name.equals(v.textValue())) {
        return e;
      }
    }
    throw invalid();
  }

  public static ApiException invalid() {
    return JsError.INVALID_JSON.error().exception();
  }
}
