package dev.jslab.engine.protocol;

import java.nio.charset.StandardCharsets;

/**
 * What a {@link ClientSession} asks its host to do: write bytes to the client, or close the
 * connection (after writing everything before it). Immutable values.
 */
public sealed interface SessionOutput {

  /** Bytes to write to the client, in order. */
  record Write(byte[] bytes) implements SessionOutput {
    /** The bytes as ISO-8859-1 text, for logs and tests. */
    public String text() {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
  }

  /** Close the connection; {@code reason} is for logs. */
  record Close(String reason) implements SessionOutput {}
}
