package dev.jslab.engine.consumer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads JSON the way Go's {@code encoding/json} does for the small request bodies nats-server
 * parses in the consumer (pull requests, {@code -NAK} options), so that a bad body gets the very
 * error text nats-server sends back ({@code invalid character 'n' looking for beginning of object
 * key string}, {@code json: cannot unmarshal string into Go struct field ...}).
 *
 * <p>Syntax is checked first, byte by byte as Go's scanner does; then fields are matched to a
 * struct's JSON names (exactly, else case-insensitively; the last duplicate wins) and type errors
 * are reported as Go reports the first one.
 *
 * <p>Stateless and thread-safe.
 */
final class GoJson {
  /** JSON {@code null}. */
  static final Object NULL = new Object();

  /** A number as written. */
  record Number(String literal) {}

  /** One member of an object, in document order. */
  record Member(String key, Object value) {}

  /** A JSON object: its members in document order, duplicates kept. */
  record Obj(List<Member> members) {}

  /** Go's error text for a body it refuses. */
  static final class GoJsonException extends Exception {
    private static final long serialVersionUID = 1L;

    GoJsonException(String message) {
      super(message, null, false, false);
    }
  }

  /** The kinds of Go struct fields the consumer decodes into. */
  enum Kind {
    INT("int"),
    DURATION("time.Duration"),
    BOOL("bool");

    final String goType;

    Kind(String goType) {
      this.goType = goType;
    }
  }

  /** A Go struct field: its JSON name and kind. */
  record Field(String jsonName, Kind kind) {}

  private GoJson() {}

  /** Parses one JSON document as {@code json.Unmarshal} would validate it. */
  static Object parse(byte[] in) throws GoJsonException {
    Parser p = new Parser(in);
    Object v = p.value();
    p.skipSpace();
    if (p.pos < in.length) {
      throw p.error(in[p.pos], "after top-level value");
    }
    return v;
  }

  /**
   * Decodes {@code json} into a Go struct named {@code structName} with {@code fields}; the
   * result holds each field's value (a Long or Boolean, or null when absent or null).
   */
  static Object[] decodeStruct(byte[] json, String structName, Field... fields)
      throws GoJsonException {
    Object top = parse(json);
    Object[] out = new Object[fields.length];
    if (!(top instanceof Obj obj)) {
      throw new GoJsonException(
          "json: cannot unmarshal " + describe(top) + " into Go value of type server."
              + structName);
    }
    String firstError = null;
    for (Member m : obj.members()) {
      int index = fieldIndex(fields, m.key());
      if (index < 0) {
        continue;
      }
      Field f = fields[index];
      Object v = m.value();
      if (v == NULL) {
        continue;
      }
      String problem = null;
      switch (f.kind()) {
        case INT, DURATION -> {
          if (v instanceof Number n) {
            try {
              out[index] = Long.parseLong(n.literal());
            } catch (NumberFormatException e) {
              problem = "number " + n.literal();
            }
          } else {
            problem = describe(v);
          }
        }
        case BOOL -> {
          if (v instanceof Boolean b) {
            out[index] = b;
          } else {
            problem = v instanceof Number ? "number" : describe(v);
          }
        }
      }
      if (problem != null && firstError == null) {
        firstError =
            "json: cannot unmarshal " + problem + " into Go struct field " + structName + "."
                + f.jsonName() + " of type " + f.kind().goType;
      }
    }
    if (firstError != null) {
      throw new GoJsonException(firstError);
    }
    return out;
  }

  private static int fieldIndex(Field[] fields, String key) {
    for (int i = 0; i < fields.length; i++) {
      if (fields[i].jsonName().equals(key)) {
        return i;
      }
    }
    for (int i = 0; i < fields.length; i++) {
      if (fields[i].jsonName().equalsIgnoreCase(key)) {
        return i;
      }
    }
    return -1;
  }

  private static String describe(Object v) {
    if (v instanceof String) {
      return "string";
    }
    if (v instanceof Boolean) {
      return "bool";
    }
    if (v instanceof Number) {
      return "number";
    }
    if (v instanceof Obj) {
      return "object";
    }
    if (v instanceof List) {
      return "array";
    }
    return "null";
  }

  private static final class Parser {
    private final byte[] in;
    private int pos;

    Parser(byte[] in) {
      this.in = in;
    }

    void skipSpace() {
      while (pos < in.length) {
        byte c = in[pos];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
          pos++;
        } else {
          return;
        }
      }
    }

    Object value() throws GoJsonException {
      skipSpace();
      byte c = peek();
      switch (c) {
        case '{':
          return object();
        case '[':
          return array();
        case '"':
          return string();
        case 't':
          return literal("true", Boolean.TRUE);
        case 'f':
          return literal("false", Boolean.FALSE);
        case 'n':
          return literal("null", NULL);
        default:
          if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
          }
          throw error(c, "looking for beginning of value");
      }
    }

    private Obj object() throws GoJsonException {
      pos++;
      List<Member> members = new ArrayList<>();
      skipSpace();
      if (peek() == '}') {
        pos++;
        return new Obj(members);
      }
      while (true) {
        skipSpace();
        byte c = peek();
        if (c != '"') {
          throw error(c, "looking for beginning of object key string");
        }
        String key = string();
        skipSpace();
        c = peek();
        if (c != ':') {
          throw error(c, "after object key");
        }
        pos++;
        Object v = value();
        members.add(new Member(key, v));
        skipSpace();
        c = peek();
        if (c == ',') {
          pos++;
        } else if (c == '}') {
          pos++;
          return new Obj(members);
        } else {
          throw error(c, "after object key:value pair");
        }
      }
    }

    private List<Object> array() throws GoJsonException {
      pos++;
      List<Object> items = new ArrayList<>();
      skipSpace();
      if (peek() == ']') {
        pos++;
        return items;
      }
      while (true) {
        items.add(value());
        skipSpace();
        byte c = peek();
        if (c == ',') {
          pos++;
        } else if (c == ']') {
          pos++;
          return items;
        } else {
          throw error(c, "after array element");
        }
      }
    }

    private String string() throws GoJsonException {
      pos++;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      while (true) {
        byte c = peek();
        if (c == '"') {
          pos++;
          return new String(out.toByteArray(), StandardCharsets.UTF_8);
        }
        if (c == '\\') {
          pos++;
          byte e = peek();
          switch (e) {
            case 'b' -> out.write('\b');
            case 'f' -> out.write('\f');
            case 'n' -> out.write('\n');
            case 'r' -> out.write('\r');
            case 't' -> out.write('\t');
            case '\\', '/', '"' -> out.write(e);
            case 'u' -> {
              int code = 0;
              for (int i = 0; i < 4; i++) {
                pos++;
                byte h = peek();
                int d = Character.digit(h, 16);
                if (d < 0 || h > 'f') {
                  throw error(h, "in \\u hexadecimal character escape");
                }
                code = code * 16 + d;
              }
              byte[] utf8 = String.valueOf((char) code).getBytes(StandardCharsets.UTF_8);
              out.write(utf8, 0, utf8.length);
            }
            default -> throw error(e, "in string escape code");
          }
          pos++;
          continue;
        }
        if ((c & 0xff) < 0x20) {
          throw error(c, "in string literal");
        }
        out.write(c);
        pos++;
      }
    }

    private Number number() throws GoJsonException {
      int start = pos;
      if (peek() == '-') {
        pos++;
        byte c = peek();
        if (c < '0' || c > '9') {
          throw error(c, "in numeric literal");
        }
      }
      if (peek() == '0') {
        pos++;
      } else {
        digits();
      }
      if (pos < in.length && in[pos] == '.') {
        pos++;
        byte c = peek();
        if (c < '0' || c > '9') {
          throw error(c, "after decimal point in numeric literal");
        }
        digits();
      }
      if (pos < in.length && (in[pos] == 'e' || in[pos] == 'E')) {
        pos++;
        byte c = peek();
        if (c == '+' || c == '-') {
          pos++;
          c = peek();
        }
        if (c < '0' || c > '9') {
          throw error(c, "in exponent of numeric literal");
        }
        digits();
      }
      return new Number(new String(in, start, pos - start, StandardCharsets.US_ASCII));
    }

    private void digits() {
      while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
        pos++;
      }
    }

    private Object literal(String word, Object value) throws GoJsonException {
      pos++;
      for (int i = 1; i < word.length(); i++) {
        byte c = peek();
        if (c != word.charAt(i)) {
          throw error(
              c, "in literal " + word + " (expecting " + quoteChar((byte) word.charAt(i)) + ")");
        }
        pos++;
      }
      return value;
    }

    /** The byte at the cursor; the end of input is Go's "unexpected end of JSON input". */
    private byte peek() throws GoJsonException {
      if (pos >= in.length) {
        throw new GoJsonException("unexpected end of JSON input");
      }
      return in[pos];
    }

    GoJsonException error(byte c, String context) {
      return new GoJsonException("invalid character " + quoteChar(c) + " " + context);
    }
  }

  /** Go's {@code quoteChar}: how the scanner names an offending byte. */
  static String quoteChar(byte b) {
    int c = b & 0xff;
    if (c == '\'') {
      return "'\\''";
    }
    if (c == '"') {
      return "'\"'";
    }
    StringBuilder sb = new StringBuilder("'");
    GoStrings.appendQuoted(sb, c, '"');
    return sb.append('\'').toString();
  }
}
