package dev.jslab.engine.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Incremental parser of the client-to-server NATS byte stream. Bytes may arrive split or merged
 * at any boundary; each complete operation is handed to the sink as soon as its last byte is
 * fed. Follows nats-server's parser: operation names are matched byte by byte, case-insensitive,
 * and a byte that fits no operation is {@code Unknown Protocol Operation}; the argument of a
 * control line may be at most {@code maxControlLine} bytes; a payload must be followed by CRLF;
 * {@code PING}, {@code PONG} and {@code +OK} ignore anything up to the line feed. After a {@link
 * ProtocolOp.Violation} the parser is dead and ignores further input.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
public final class ProtocolParser {
  /** nats-server's default {@code max_payload}: 1 MiB. */
  public static final int DEFAULT_MAX_PAYLOAD = 1024 * 1024;
  /** nats-server's default {@code max_control_line}. */
  public static final int DEFAULT_MAX_CONTROL_LINE = 4096;

  private static final String[] OPS = {
    "PUB", "HPUB", "SUB", "UNSUB", "PING", "PONG", "CONNECT", "INFO", "+OK", "-ERR"
  };
  /** nats-server's largest parsed size has 9 digits. */
  private static final int MAX_SIZE_DIGITS = 9;

  private enum State {
    START, OP_NAME, AFTER_OP, SPACES, ARG, TO_LINE_FEED, PAYLOAD, END_R, END_N, DEAD
  }

  private final int maxPayload;
  private final int maxControlLine;
  private boolean headersAllowed;
  private boolean connectRequired;

  private State state = State.START;
  /** The operation matched so far: its first {@code opLength} characters were received. */
  private String op;
  private final int[] tokenStart = new int[3];
  private final int[] tokenEnd = new int[3];
  private byte[] lastSubjectBytes;
  private String lastSubject;
  private int opLength;
  private byte[] arg = new byte[64];
  private int argLength;
  private Pending pending;
  private byte[] body;
  private int bodyFilled;

  /** A parser with nats-server's default limits. */
  public ProtocolParser() {
    this(DEFAULT_MAX_PAYLOAD, DEFAULT_MAX_CONTROL_LINE);
  }

  /** A parser with the given {@code max_payload} and {@code max_control_line}. */
  public ProtocolParser(int maxPayload, int maxControlLine) {
    if (maxPayload < 0 || maxControlLine <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
    this.maxPayload = maxPayload;
    this.maxControlLine = maxControlLine;
  }

  /**
   * Whether {@code HPUB} is accepted: false until a CONNECT with {@code headers:true}. An HPUB
   * while false closes the connection without {@code -ERR}, as nats-server does.
   */
  public void setHeadersAllowed(boolean allowed) {
    this.headersAllowed = allowed;
  }

  /**
   * Whether the next operation must be CONNECT (authentication is configured and the client has
   * not connected yet): then any other first byte is an {@code Authorization Violation}, at once,
   * as nats-server reports it.
   */
  public void setConnectRequired(boolean required) {
    this.connectRequired = required;
  }

  /** True once a violation was reported. */
  public boolean isDead() {
    return state == State.DEAD;
  }

  /** Feeds all of {@code data}. */
  public void feed(byte[] data, Consumer<ProtocolOp> sink) {
    feed(data, 0, data.length, sink);
  }

  /**
   * Feeds {@code length} bytes of {@code data} from {@code offset}; every operation completed by
   * them goes to {@code sink}, in order, before this returns. The sink may change {@link
   * #setHeadersAllowed} between operations.
   */
  public void feed(byte[] data, int offset, int length, Consumer<ProtocolOp> sink) {
    int end = offset + length;
    for (int i = offset; i < end && state != State.DEAD; i++) {
      byte b = data[i];
      switch (state) {
        case START -> {
          opLength = 0;
          if (connectRequired && b != 'C' && b != 'c') {
            fail(
                new ProtocolOp.Violation("Authorization Violation", "operation before CONNECT"),
                sink);
          } else {
            matchOpByte(b, sink);
          }
        }
        case OP_NAME -> matchOpByte(b, sink);
        case AFTER_OP -> {
          if (b == ' ' || b == '\t') {
            state = State.SPACES;
          } else {
            fail(ProtocolOp.Violation.unknownOperation("no space after " + op), sink);
          }
        }
        case SPACES -> {
          if (b != ' ' && b != '\t') {
            argLength = 0;
            state = State.ARG;
            i = argByte(data, i, end, sink);
          }
        }
        case ARG -> i = argByte(data, i, end, sink);
        case TO_LINE_FEED -> {
          if (b == '\n') {
            state = State.START;
            sink.accept(
                switch (op) {
                  case "PING" -> new ProtocolOp.Ping();
                  case "PONG" -> new ProtocolOp.Pong();
                  default -> new ProtocolOp.Ok();
                });
          }
        }
        case PAYLOAD -> {
          int take = Math.min(body.length - bodyFilled, end - i);
          System.arraycopy(data, i, body, bodyFilled, take);
          bodyFilled += take;
          i += take - 1;
          if (bodyFilled == body.length) {
            state = State.END_R;
          }
        }
        case END_R -> {
          if (b == '\r') {
            state = State.END_N;
          } else {
            fail(ProtocolOp.Violation.unknownOperation("payload longer than its size"), sink);
          }
        }
        case END_N -> {
          if (b == '\n') {
            state = State.START;
            emitPub(sink);
          } else {
            fail(ProtocolOp.Violation.unknownOperation("payload not ended by CRLF"), sink);
          }
        }
        case DEAD -> {}
      }
    }
    if (state == State.ARG && lineLength(argLength) > maxControlLine) {
      fail(maxControlLineViolation(), sink);
    }
  }

  private void matchOpByte(byte b, Consumer<ProtocolOp> sink) {
    char c = Character.toUpperCase((char) (b & 0xff));
    int at = opLength;
    for (String candidate : OPS) {
      if (candidate.length() > at
          && candidate.charAt(at) == c
          && (at == 0 || candidate.regionMatches(0, op, 0, at))) {
        op = candidate;
        opLength = at + 1;
        if (opLength < candidate.length()) {
          state = State.OP_NAME;
        } else {
          state =
              switch (candidate) {
                case "PING", "PONG", "+OK" -> State.TO_LINE_FEED;
                default -> State.AFTER_OP;
              };
        }
        return;
      }
    }
    fail(ProtocolOp.Violation.unknownOperation("unknown operation"), sink);
  }

  /** Consumes argument bytes from {@code i}; returns the index of the last byte consumed. */
  private int argByte(byte[] data, int i, int end, Consumer<ProtocolOp> sink) {
    int j = i;
    while (j < end && data[j] != '\n') {
      j++;
    }
    append(data, i, j - i);
    if (j == end) {
      return end - 1;
    }
    int length = lineLength(argLength);
    if (length > maxControlLine) {
      fail(maxControlLineViolation(), sink);
      return j;
    }
    argLength = 0;
    state = State.START;
    if ("PUB".equals(op) && plainPub(length, sink)) {
      return j;
    }
    controlLine(new String(arg, 0, length, StandardCharsets.UTF_8), sink);
    return j;
  }

  private int lineLength(int length) {
    return length > 0 && arg[length - 1] == '\r' ? length - 1 : length;
  }

  private void append(byte[] data, int from, int count) {
    if (argLength + count > arg.length) {
      byte[] grown = new byte[Math.max(arg.length * 2, argLength + count)];
      System.arraycopy(arg, 0, grown, 0, argLength);
      arg = grown;
    }
    System.arraycopy(data, from, arg, argLength, count);
    argLength += count;
  }

  private void controlLine(String line, Consumer<ProtocolOp> sink) {
    switch (op) {
      case "PUB" -> pub(line, sink);
      case "HPUB" -> hpub(line, sink);
      case "SUB" -> sub(line, sink);
      case "UNSUB" -> unsub(line, sink);
      case "CONNECT" -> sink.accept(new ProtocolOp.Connect(line));
      case "INFO" -> sink.accept(new ProtocolOp.Info(line));
      case "-ERR" -> {
        state = State.DEAD;
        sink.accept(new ProtocolOp.Err(line));
      }
      default -> throw new IllegalStateException(op);
    }
  }

  /**
   * The common PUB ({@code subject [reply] size}, well formed) read straight from the argument
   * bytes, its subject shared with the previous PUB's when the bytes are the same (a publisher
   * repeats its subjects; a shared string keeps its hash). False, having done nothing, for
   * anything else: {@link #pub} then parses the line and words the error.
   */
  private boolean plainPub(int length, Consumer<ProtocolOp> sink) {
    int tokens = 0;
    int i = 0;
    while (i < length) {
      while (i < length && (arg[i] == ' ' || arg[i] == '\t')) {
        i++;
      }
      if (i == length) {
        break;
      }
      if (tokens == 3) {
        return false;
      }
      tokenStart[tokens] = i;
      while (i < length && arg[i] != ' ' && arg[i] != '\t') {
        i++;
      }
      tokenEnd[tokens++] = i;
    }
    if (tokens < 2) {
      return false;
    }
    int sizeAt = tokens - 1;
    int digits = tokenEnd[sizeAt] - tokenStart[sizeAt];
    if (digits > MAX_SIZE_DIGITS) {
      return false;
    }
    int size = 0;
    for (int k = tokenStart[sizeAt]; k < tokenEnd[sizeAt]; k++) {
      if (arg[k] < '0' || arg[k] > '9') {
        return false;
      }
      size = size * 10 + (arg[k] - '0');
    }
    if (size > maxPayload) {
      fail(maxPayloadViolation(), sink);
      return true;
    }
    String subject = lastSubject(tokenStart[0], tokenEnd[0]);
    String reply =
        tokens == 3
            ? new String(arg, tokenStart[1], tokenEnd[1] - tokenStart[1], StandardCharsets.UTF_8)
            : null;
    expectBody(new Pending(subject, reply, -1), size, sink);
    return true;
  }

  private String lastSubject(int from, int to) {
    int n = to - from;
    if (lastSubjectBytes == null
        || !java.util.Arrays.equals(lastSubjectBytes, 0, lastSubjectBytes.length, arg, from, to)) {
      lastSubjectBytes = java.util.Arrays.copyOfRange(arg, from, to);
      lastSubject = new String(arg, from, n, StandardCharsets.UTF_8);
    }
    return lastSubject;
  }

  private void pub(String line, Consumer<ProtocolOp> sink) {
    List<String> args = split(line);
    if (args.size() != 2 && args.size() != 3) {
      fail(ProtocolOp.Violation.badArguments("PUB needs 2 or 3 arguments"), sink);
      return;
    }
    int size = parseSize(args.get(args.size() - 1));
    if (size < 0) {
      fail(ProtocolOp.Violation.badArguments("PUB bad or missing size"), sink);
      return;
    }
    if (size > maxPayload) {
      fail(maxPayloadViolation(), sink);
      return;
    }
    String reply = args.size() == 3 ? args.get(1) : null;
    expectBody(new Pending(args.get(0), reply, -1), size, sink);
  }

  private void hpub(String line, Consumer<ProtocolOp> sink) {
    List<String> args = split(line);
    if (args.size() != 3 && args.size() != 4) {
      fail(ProtocolOp.Violation.badArguments("HPUB needs 3 or 4 arguments"), sink);
      return;
    }
    int headerSize = parseSize(args.get(args.size() - 2));
    int size = parseSize(args.get(args.size() - 1));
    if (headerSize < 0 || size < 0 || headerSize > size) {
      fail(ProtocolOp.Violation.badArguments("HPUB bad or missing sizes"), sink);
      return;
    }
    if (size > maxPayload) {
      fail(maxPayloadViolation(), sink);
      return;
    }
    if (!headersAllowed) {
      fail(ProtocolOp.Violation.badArguments("HPUB without headers support"), sink);
      return;
    }
    String reply = args.size() == 4 ? args.get(1) : null;
    expectBody(new Pending(args.get(0), reply, headerSize), size, sink);
  }

  private void expectBody(Pending next, int size, Consumer<ProtocolOp> sink) {
    pending = next;
    body = new byte[size];
    bodyFilled = 0;
    state = size == 0 ? State.END_R : State.PAYLOAD;
  }

  private void emitPub(Consumer<ProtocolOp> sink) {
    Pending p = pending;
    byte[] all = body;
    pending = null;
    body = null;
    if (p.headerSize < 0) {
      sink.accept(new ProtocolOp.Pub(p.subject, p.reply, null, all));
      return;
    }
    byte[] headers = new byte[p.headerSize];
    byte[] payload = new byte[all.length - p.headerSize];
    System.arraycopy(all, 0, headers, 0, headers.length);
    System.arraycopy(all, headers.length, payload, 0, payload.length);
    sink.accept(new ProtocolOp.Pub(p.subject, p.reply, headers, payload));
  }

  private void sub(String line, Consumer<ProtocolOp> sink) {
    List<String> args = split(line);
    switch (args.size()) {
      case 2 -> sink.accept(new ProtocolOp.Sub(args.get(0), null, args.get(1)));
      case 3 -> sink.accept(new ProtocolOp.Sub(args.get(0), args.get(1), args.get(2)));
      default -> fail(ProtocolOp.Violation.badArguments("SUB needs 2 or 3 arguments"), sink);
    }
  }

  private void unsub(String line, Consumer<ProtocolOp> sink) {
    List<String> args = split(line);
    switch (args.size()) {
      case 1 -> sink.accept(new ProtocolOp.Unsub(args.get(0), -1));
      case 2 -> sink.accept(new ProtocolOp.Unsub(args.get(0), parseSize(args.get(1))));
      default -> fail(ProtocolOp.Violation.badArguments("UNSUB needs 1 or 2 arguments"), sink);
    }
  }

  private void fail(ProtocolOp.Violation violation, Consumer<ProtocolOp> sink) {
    state = State.DEAD;
    pending = null;
    body = null;
    sink.accept(violation);
  }

  private static ProtocolOp.Violation maxPayloadViolation() {
    return new ProtocolOp.Violation("Maximum Payload Violation", "payload over max_payload");
  }

  private static ProtocolOp.Violation maxControlLineViolation() {
    return new ProtocolOp.Violation(
        "maximum control line exceeded", "control line over max_control_line");
  }

  /** Arguments split on spaces and tabs, as nats-server splits them. */
  static List<String> split(String line) {
    List<String> args = new ArrayList<>(4);
    int start = -1;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == ' ' || c == '\t') {
        if (start >= 0) {
          args.add(line.substring(start, i));
          start = -1;
        }
      } else if (start < 0) {
        start = i;
      }
    }
    if (start >= 0) {
      args.add(line.substring(start));
    }
    return args;
  }

  /** A decimal size of at most 9 digits, or -1, as nats-server's {@code parseSize}. */
  static int parseSize(String text) {
    if (text.isEmpty() || text.length() > MAX_SIZE_DIGITS) {
      return -1;
    }
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  private record Pending(String subject, String reply, int headerSize) {}
}
