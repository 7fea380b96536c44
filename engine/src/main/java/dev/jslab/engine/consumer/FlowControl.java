package dev.jslab.engine.consumer;

/**
 * Push flow control as nats-server runs it: a window of pending bytes that starts at 1/16 of 32
 * MiB, a {@code 100 FlowControl Request} once more than half of it is outstanding, delivery paused
 * while more than the window is outstanding, and the window doubling (up to 32 MiB) with every
 * answered request.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class FlowControl {
  /** {@code JsFlowControlMaxPending}. */
  static final long MAX_PENDING = 32L * 1024 * 1024;

  private long limit;
  private long window;
  private long pendingBytes;
  private long bytesAtRequest;
  private String outstanding = "";

  /** Flow control off. */
  FlowControl() {}

  /** Turns flow control on with nats-server's limits. */
  void enable() {
    limit = MAX_PENDING;
    window = Math.max(1, MAX_PENDING / 16);
  }

  boolean enabled() {
    return window > 0;
  }

  /** True while delivery must pause: more than the window is outstanding. */
  boolean blocked() {
    return window > 0 && pendingBytes > window;
  }

  /**
   * Counts a delivery of {@code size} bytes; true when a flow control request should go out now.
   */
  boolean delivered(long size) {
    if (window == 0) {
      return false;
    }
    pendingBytes += size;
    if (outstanding.isEmpty() && pendingBytes > window / 2) {
      return true;
    }
    if (!outstanding.isEmpty() && (pendingBytes - bytesAtRequest) >= window) {
      bytesAtRequest += size;
    }
    return false;
  }

  /** A request went out with reply subject {@code subject}. */
  void requested(String subject) {
    bytesAtRequest = pendingBytes;
    outstanding = subject;
  }

  /** The reply subject of the unanswered request, or empty. */
  String outstanding() {
    return outstanding;
  }

  /** An answer arrived on {@code subject}; true when it answers the outstanding request. */
  boolean answered(String subject) {
    if (!subject.equals(outstanding)) {
      return false;
    }
    if (window < limit) {
      window = Math.min(window * 2, limit);
    }
    pendingBytes = Math.max(0, pendingBytes - bytesAtRequest);
    outstanding = "";
    bytesAtRequest = 0;
    return true;
  }

  long pendingBytes() {
    return pendingBytes;
  }

  long window() {
    return window;
  }
}
