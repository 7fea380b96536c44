package dev.jslab.engine.raft;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The peer id nats-server reports next to a server's name in Raft-related infos: eight characters
 * derived from the server's name, the same on every node and across restarts.
 *
 * <p>Stateless and thread-safe.
 */
public final class PeerIds {
  private PeerIds() {}

  /** The peer id of the node called {@code serverName}. */
  public static String of(String serverName) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(serverName.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
