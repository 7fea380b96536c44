package dev.jslab.engine.monitor;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A request's query string read as nats-server reads it: the first value of a parameter, booleans
 * by Go's {@code strconv.ParseBool} and integers by {@code strconv.Atoi}; a bad value is a {@code
 * 400} whose text is nats-server's.
 *
 * <p>Immutable and thread-safe.
 */
final class MonitorQuery {
  /** A parameter nats-server would refuse: the text of its {@code 400}. */
  static final class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message, null, false, false);
    }
  }

  private final Map<String, String> values;

  private MonitorQuery(Map<String, String> values) {
    this.values = values;
  }

  /** Parses {@code a=1&b=x}; null or empty means no parameters. */
  static MonitorQuery parse(String rawQuery) {
    Map<String, String> values = new HashMap<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        values.putIfAbsent(key, value);
      }
    }
    return new MonitorQuery(values);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  /** The first value of {@code name}, or empty. */
  String get(String name) {
    return values.getOrDefault(name, "");
  }

  /** {@code name} as a boolean; absent or empty is false. */
  boolean bool(String name) throws BadRequest {
    String s = get(name);
    switch (s) {
      case "":
      case "0":
      case "f":
      case "F":
      case "false":
      case "FALSE":
      case "False":
        return false;
      case "1":
      case "t":
      case "T":
      case "true":
      case "TRUE":
      case "True":
        return true;
      default:
        throw new BadRequest(
            "Error decoding boolean for '" + name + "': strconv.ParseBool: parsing "
                + quote(s) + ": invalid syntax");
    }
  }

  /** {@code name} as an int; absent or empty is 0. */
  int integer(String name) throws BadRequest {
    String s = get(name);
    if (s.isEmpty()) {
      return 0;
    }
    if (!s.matches("[+-]?[0-9]+")) {
      throw new BadRequest(
          "Error decoding int for '" + name + "': strconv.Atoi: parsing " + quote(s)
              + ": invalid syntax");
    }
    try {
      long v = Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
      if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
        // Go's int is 64-bit; the lab's documents never hold that many entries
        return v > 0 ? Integer.MAX_VALUE : Integer.MIN_VALUE;
      }
      return (int) v;
    } catch (NumberFormatException e) {
      throw new BadRequest(
          "Error decoding int for '" + name + "': strconv.Atoi: parsing " + quote(s)
              + ": value out of range");
    }
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
