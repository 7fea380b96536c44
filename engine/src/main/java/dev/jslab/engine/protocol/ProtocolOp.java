package dev.jslab.engine.protocol;

/**
 * One operation of the client-to-server protocol, as {@link ProtocolParser} recognised it, or the
 * {@link Violation} that ends the connection. Immutable values.
 */
public sealed interface ProtocolOp {

  /** {@code CONNECT <json>}; the JSON is not yet checked. */
  record Connect(String json) implements ProtocolOp {}

  /**
   * {@code PUB} ({@code headers} is null) or {@code HPUB}. {@code reply} is null when absent. The
   * arrays are owned by the op.
   */
  record Pub(String subject, String reply, byte[] headers, byte[] payload) implements ProtocolOp {
    /** True for {@code HPUB}. */
    public boolean hasHeaders() {
      return headers != null;
    }
  }

  /** {@code SUB <subject> [queue] <sid>}; {@code queue} is null when absent. */
  record Sub(String subject, String queue, String sid) implements ProtocolOp {}

  /** {@code UNSUB <sid> [max]}; {@code max} is -1 when absent or not a number. */
  record Unsub(String sid, long max) implements ProtocolOp {}

  /** {@code PING}. */
  record Ping() implements ProtocolOp {}

  /** {@code PONG}. */
  record Pong() implements ProtocolOp {}

  /** {@code +OK} sent by a client: ignored, as nats-server does. */
  record Ok() implements ProtocolOp {}

  /** {@code -ERR <text>} sent by a client: nats-server closes the connection. */
  record Err(String text) implements ProtocolOp {}

  /** {@code INFO <json>} sent by a client: ignored. */
  record Info(String json) implements ProtocolOp {}

  /**
   * The stream broke the protocol; the parser accepts nothing more. {@code errText} is the text of
   * the {@code -ERR '…'} nats-server sends before closing, or null when it closes silently.
   */
  record Violation(String errText, String reason) implements ProtocolOp {
    /** Unknown operation or bad framing: {@code -ERR 'Unknown Protocol Operation'}. */
    public static Violation unknownOperation(String reason) {
      return new Violation("Unknown Protocol Operation", reason);
    }

    /** Bad arguments: closed without {@code -ERR}. */
    public static Violation badArguments(String reason) {
      return new Violation(null, reason);
    }
  }
}
