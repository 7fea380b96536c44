package dev.jslab.engine.store;

import java.util.Arrays;
import java.util.Objects;

/**
 * One message as a stream stores it. Immutable by contract: the arrays are never modified after
 * construction, by the store or by readers.
 *
 * @param seq stream sequence, from 1
 * @param subject the literal subject it was published to
 * @param headers the NATS header block byte-exact ({@code NATS/1.0\r\n...\r\n\r\n}), or empty
 * @param data the payload, possibly empty
 * @param timestampNanos when it was stored, nanoseconds since the epoch
 */
public record StoredMessage(
    long seq, String subject, byte[] headers, byte[] data, long timestampNanos) {
  private static final byte[] EMPTY = new byte[0];

  public StoredMessage {
    Objects.requireNonNull(subject, "subject");
    headers = headers == null ? EMPTY : headers;
    data = data == null ? EMPTY : data;
  }

  public boolean hasHeaders() {
    return headers.length > 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredMessage m
        && seq == m.seq
        && timestampNanos == m.timestampNanos
        && subject.equals(m.subject)
        && Arrays.equals(headers, m.headers)
        && Arrays.equals(data, m.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(seq, subject, timestampNanos, Arrays.hashCode(headers), Arrays.hashCode(data));
  }

  @Override
  public String toString() {
    return "StoredMessage[seq=" + seq + ", subject=" + subject + ", headers=" + headers.length
        + "B, data=" + data.length + "B, ts=" + timestampNanos + "]";
  }
}
