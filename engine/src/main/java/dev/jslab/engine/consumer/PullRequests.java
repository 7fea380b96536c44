package dev.jslab.engine.consumer;

import dev.jslab.engine.message.OutboundMessage;
import java.util.Iterator;
import java.util.function.LongSupplier;

/**
 * A pull consumer's waiting requests and how nats-server takes them in ({@code
 * processNextMsgRequest}), picks the one that gets the next message ({@code nextWaiting}) and
 * expires, drops and heartbeats them ({@code processWaiting}), with its status replies.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class PullRequests {
  private static final long SECOND = 1_000_000_000L;

  /** What the requests need from their consumer. */
  interface Host {
    long now();

    void send(OutboundMessage message);

    /** Sends an idle heartbeat to {@code reply}. */
    void heartbeat(String reply);

    /** Whether {@code reply} still has a subscriber. */
    boolean hasInterest(String reply);
  }

  /**
   * What a scan found.
   *
   * @param batchPending messages the remaining requests still want
   * @param nextDeadline the next heartbeat or expiry, 0 when none
   */
  record Scan(int expired, int waiting, long batchPending, long nextDeadline) {}

  private final Host host;
  private final WaitQueue queue;
  private long lastScan;

  PullRequests(int maxWaiting, Host host) {
    this.queue = new WaitQueue(maxWaiting);
    this.host = host;
  }

  /**
   * Takes a request in; answers it at once when it is refused or cannot be served; returns true
   * when it was queued (the consumer should try to deliver).
   *
   * @param msgsPending messages that could be delivered now (read only for {@code no_wait})
   */
  boolean accept(String reply, byte[] body, ConsumerConfig cfg, LongSupplier msgsPending) {
    NextRequest req;
    try {
      req = NextRequest.parse(body);
    } catch (NextRequest.BadRequest e) {
      status(reply, 400, "Bad Request - " + e.getMessage());
      return false;
    }
    long now = host.now();
    if (cfg.maxRequestBatch() > 0 && req.batch() > cfg.maxRequestBatch()) {
      status(reply, 409, "Exceeded MaxRequestBatch of " + cfg.maxRequestBatch());
      return false;
    }
    boolean expiring = req.expiresNanos() != 0;
    long expiresAt = expiring ? now + req.expiresNanos() : 0;
    if (expiring && cfg.maxRequestExpiresNanos() > 0
        && expiresAt > now + cfg.maxRequestExpiresNanos()) {
      status(reply, 409,
          "Exceeded MaxRequestExpires of " + GoDurations.format(cfg.maxRequestExpiresNanos()));
      return false;
    }
    if (req.maxBytes() > 0 && cfg.maxRequestMaxBytes() > 0
        && req.maxBytes() > cfg.maxRequestMaxBytes()) {
      status(reply, 409, "Exceeded MaxRequestMaxBytes of " + cfg.maxRequestMaxBytes());
      return false;
    }
    if (queue.isFull() && now - lastScan > SECOND) {
      scan(false);
    }
    if (req.noWait()) {
      long pending = msgsPending.getAsLong();
      if (pending == 0 && !expiring) {
        queue.last = now;
        status(reply, 404, "No Messages");
        return false;
      }
      if (pending > 0 && pending < scan(false).batchPending()) {
        queue.last = now;
        status(reply, 408, "Requests Pending");
        return false;
      }
    }
    WaitingRequest wr = new WaitingRequest(
        reply, req.batch(), req.maxBytes(), req.noWait(), expiring, expiresAt,
        req.heartbeatNanos(), now);
    if (!queue.add(wr)) {
      status(reply, 409, "Exceeded MaxWaiting");
      return false;
    }
    return true;
  }

  /**
   * The request that gets a message of {@code size} bytes (it is charged for it), or null. On
   * the way, requests whose byte budget is too small, that expired or lost their subscriber leave.
   */
  WaitingRequest next(long size) {
    while (!queue.isEmpty()) {
      WaitingRequest wr = queue.peek();
      if (wr.bytes > 0) {
        if (size <= wr.bytes) {
          wr.bytes -= size;
          if (wr.bytes == 0) {
            wr.remaining = 1;
          }
        } else {
          host.send(new OutboundMessage(wr.reply, null,
              StatusMessages.messageSizeExceedsMaxBytes(wr.remaining, wr.bytes), null));
          queue.removeHead();
          continue;
        }
      }
      if (!wr.expiring || host.now() < wr.expiresAt) {
        if (host.hasInterest(wr.reply)) {
          return queue.pop();
        }
      } else {
        host.send(new OutboundMessage(wr.reply, null,
            StatusMessages.requestTimeout(wr.remaining, wr.bytes), null));
        queue.removeHead();
        continue;
      }
      queue.removeHead();
    }
    return null;
  }

  /**
   * Expires requests (and, at the end of the stream, {@code no_wait} requests that got
   * something), drops those nobody listens to, sends due heartbeats and finds the next deadline.
   */
  Scan scan(boolean endOfStream) {
    if (queue.isEmpty()) {
      return new Scan(0, 0, 0, 0);
    }
    long now = host.now();
    lastScan = now;
    int expired = 0;
    long batchPending = 0;
    long next = 0;
    for (Iterator<WaitingRequest> it = queue.iterator(); it.hasNext(); ) {
      WaitingRequest wr = it.next();
      if ((endOfStream && wr.noWait && wr.delivered > 0) || (wr.expiring && now >= wr.expiresAt)) {
        host.send(new OutboundMessage(wr.reply, null,
            StatusMessages.requestTimeout(wr.remaining, wr.bytes), null));
        it.remove();
        expired++;
        continue;
      }
      if (!host.hasInterest(wr.reply)) {
        it.remove();
        expired++;
        continue;
      }
      batchPending += wr.remaining;
      if (wr.nextHeartbeatAt != 0) {
        if (now >= wr.nextHeartbeatAt) {
          host.heartbeat(wr.reply);
          wr.nextHeartbeatAt = now + wr.heartbeatNanos;
        }
        if (next == 0 || wr.nextHeartbeatAt < next) {
          next = wr.nextHeartbeatAt;
        }
      }
      if (wr.expiring && (next == 0 || wr.expiresAt < next)) {
        next = wr.expiresAt;
      }
    }
    return new Scan(expired, queue.size(), batchPending, next);
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  int size() {
    return queue.size();
  }

  /** When a request last arrived or was served: the pull side of the inactivity clock. */
  long lastActivity() {
    return queue.last;
  }

  void touch(long now) {
    queue.last = now;
  }

  /** Removes every request, front to back. */
  Iterable<WaitingRequest> drain() {
    return queue.drain();
  }

  private void status(String reply, int code, String description) {
    host.send(new OutboundMessage(reply, null, StatusMessages.status(code, description), null));
  }
}
