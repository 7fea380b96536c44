package dev.jslab.engine.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The node's client authentication: none, a token, or a user and password, as nats-server's
 * {@code authorization} block. Immutable; thread-safe.
 */
public record ClientAuth(String token, String user, String password) {

  /** No authentication required. */
  public static ClientAuth none() {
    return new ClientAuth(null, null, null);
  }

  /** Clients must send {@code auth_token}. */
  public static ClientAuth token(String token) {
    return new ClientAuth(token, null, null);
  }

  /** Clients must send {@code user} and {@code pass}. */
  public static ClientAuth userPassword(String user, String password) {
    return new ClientAuth(null, user, password);
  }

  /** True when a client must authenticate ({@code auth_required} in INFO). */
  public boolean required() {
    return token != null || user != null;
  }

  /** True when the CONNECT options satisfy this configuration. */
  public boolean permits(ConnectOptions options) {
    if (token != null) {
      return same(token, options.authToken());
    }
    if (user != null) {
      return same(user, options.user()) && same(password, options.pass());
    }
    return true;
  }

  private static boolean same(String expected, String given) {
    if (given == null) {
      return false;
    }
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }
}
