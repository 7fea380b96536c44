package dev.jslab.engine.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * The options a client sent in {@code CONNECT}. Absent fields take nats-server's defaults
 * ({@code verbose} true, {@code pedantic} true, as a client has them before its CONNECT; {@code echo} true, {@code headers} false,
 * {@code no_responders} false, {@code protocol} 0). Immutable.
 *
 * @param protocol the client's protocol level: 1 and up take asynchronous {@code INFO} updates
 */
public record ConnectOptions(
    boolean verbose,
    boolean pedantic,
    boolean echo,
    boolean headers,
    boolean noResponders,
    String name,
    String lang,
    String version,
    String user,
    String pass,
    String authToken,
    int protocol) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** The options before any CONNECT: nats-server's defaults. */
  public static ConnectOptions defaults() {
    return new ConnectOptions(true, true, true, false, false, null, null, null, null, null, null, 0);
  }

  /**
   * Parses the CONNECT JSON; empty when it is not a JSON object or a field has the wrong type
   * or trailing data follows it (nats-server then closes the connection without {@code
   * -ERR}). JSON {@code null} leaves the defaults, as Go's decoder does.
   */
  public static Optional<ConnectOptions> parse(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      if (node != null && node.isNull()) {
        return Optional.of(defaults()); // Go's json.Unmarshal of null leaves the defaults
      }
      if (node == null || !node.isObject()) {
        return Optional.empty();
      }
      return Optional.of(
          new ConnectOptions(
              bool(node, "verbose", true),
              bool(node, "pedantic", true),
              bool(node, "echo", true),
              bool(node, "headers", false),
              bool(node, "no_responders", false),
              text(node, "name"),
              text(node, "lang"),
              text(node, "version"),
              text(node, "user"),
              text(node, "pass"),
              text(node, "auth_token"),
              integer(node, "protocol")));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static boolean bool(JsonNode node, String field, boolean absent) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return absent;
    }
    if (!value.isBoolean()) {
      throw new IllegalArgumentException(field + " is not a boolean");
    }
    return value.booleanValue();
  }

  private static int integer(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return 0;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw new IllegalArgumentException(field + " is not an int");
    }
    return value.intValue();
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException(field + " is not a string");
    }
    return value.textValue();
  }
}
