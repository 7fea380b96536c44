package dev.jslab.engine.protocol;

/**
 * A message a client published: subject, optional reply subject, optional header block (the raw
 * {@code NATS/1.0…\r\n\r\n} bytes, null for PUB) and payload. The arrays are not copied; treat
 * them as read-only.
 */
public record Publish(String subject, String reply, byte[] headers, byte[] payload) {
  /** True for HPUB. */
  public boolean hasHeaders() {
    return headers != null;
  }
}
