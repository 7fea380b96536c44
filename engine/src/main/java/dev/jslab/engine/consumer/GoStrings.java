package dev.jslab.engine.consumer;

import java.nio.charset.StandardCharsets;

/**
 * The few pieces of Go's {@code strconv}, {@code bytes} and {@code fmt} behaviour whose output
 * nats-server puts on the wire: error texts of {@code strconv.Atoi}, {@code strconv.Quote} and
 * {@code bytes.TrimSpace}.
 *
 * <p>Stateless and thread-safe.
 */
final class GoStrings {
  private GoStrings() {}

  /**
   * What {@code strconv.Atoi(s)} answers as an error for {@code s}, or null when it parses. Only
   * base 10 with an optional sign, as Go's {@code Atoi}.
   */
  static String atoiError(String s) {
    String digits = s;
    if (!digits.isEmpty() && (digits.charAt(0) == '+' || digits.charAt(0) == '-')) {
      digits = digits.substring(1);
    }
    if (digits.isEmpty()) {
      return "strconv.Atoi: parsing " + quote(s) + ": invalid syntax";
    }
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        return "strconv.Atoi: parsing " + quote(s) + ": invalid syntax";
      }
    }
    try {
      Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
      return null;
    } catch (NumberFormatException e) {
      return "strconv.Atoi: parsing " + quote(s) + ": value out of range";
    }
  }

  /** {@code strconv.Atoi(s)}, or null when Go's Atoi fails. */
  static Long atoi(String s) {
    if (atoiError(s) != null) {
      return null;
    }
    return Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
  }

  /** Go's {@code strconv.Quote} for the strings nats-server quotes (double quotes, Go escapes). */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    s.codePoints().forEach(cp -> appendQuoted(sb, cp, '"'));
    return sb.append('"').toString();
  }

  /** Appends {@code cp} as Go's quoting would write it inside {@code quote} characters. */
  static void appendQuoted(StringBuilder sb, int cp, char quote) {
    switch (cp) {
      case 7 -> sb.append("\\a");
      case '\b' -> sb.append("\\b");
      case '\f' -> sb.append("\\f");
      case '\n' -> sb.append("\\n");
      case '\r' -> sb.append("\\r");
      case '\t' -> sb.append("\\t");
      case 11 -> sb.append("\\v");
      case '\\' -> sb.append("\\\\");
      default -> {
        if (cp == quote) {
          sb.append('\\').appendCodePoint(cp);
        } else if (cp < 0x20 || cp == 0x7f) {
          sb.append(String.format("\\x%02x", cp));
        } else if (cp < 0x80) {
          sb.append((char) cp);
        } else if (!isPrint(cp)) {
          sb.append(cp > 0xFFFF ? String.format("\\U%08x", cp) : String.format("\\u%04x", cp));
        } else {
          sb.appendCodePoint(cp);
        }
      }
    }
  }

  private static boolean isPrint(int cp) {
    if (cp >= 0x80 && cp < 0xa0) {
      return false;
    }
    if (cp == 0xa0 || cp == 0xad) {
      return false;
    }
    int type = Character.getType(cp);
    return type != Character.UNASSIGNED
        && type != Character.CONTROL
        && type != Character.FORMAT
        && type != Character.SURROGATE
        && type != Character.PRIVATE_USE
        && type != Character.LINE_SEPARATOR
        && type != Character.PARAGRAPH_SEPARATOR
        && type != Character.SPACE_SEPARATOR;
  }

  /** {@code bytes.TrimSpace}: drops leading and trailing white space (ASCII, U+0085, U+00A0). */
  static byte[] trimSpace(byte[] b) {
    int start = 0;
    int end = b.length;
    while (start < end) {
      int w = spaceWidth(b, start);
      if (w == 0) {
        break;
      }
      start += w;
    }
    while (end > start) {
      int w = trailingSpaceWidth(b, start, end);
      if (w == 0) {
        break;
      }
      end -= w;
    }
    byte[] out = new byte[end - start];
    System.arraycopy(b, start, out, 0, out.length);
    return out;
  }

  private static int spaceWidth(byte[] b, int i) {
    int c = b[i] & 0xff;
    if (c == ' ' || (c >= '\t' && c <= '\r')) {
      return 1;
    }
    if (c == 0xc2 && i + 1 < b.length) {
      int d = b[i + 1] & 0xff;
      if (d == 0x85 || d == 0xa0) {
        return 2;
      }
    }
    return 0;
  }

  private static int trailingSpaceWidth(byte[] b, int start, int end) {
    int c = b[end - 1] & 0xff;
    if (c == ' ' || (c >= '\t' && c <= '\r')) {
      return 1;
    }
    if ((c == 0x85 || c == 0xa0) && end - 2 >= start && (b[end - 2] & 0xff) == 0xc2) {
      return 2;
    }
    return 0;
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
