package dev.jslab.local.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Turns away a connection over {@code max_connections} as nats-server does: its INFO, then {@code
 * -ERR 'maximum connections exceeded'}, then the close. What the client sent meanwhile is read and
 * dropped before closing, so a reset does not swallow the error.
 *
 * <p>Each connection is handled on a short-lived daemon thread of its own, so the accept loop goes
 * on; thread-safe.
 */
final class TurnAway {
  static final byte[] MAX_CONNECTIONS_EXCEEDED =
      "-ERR 'maximum connections exceeded'\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final int LINGER_MILLIS = 2_000;

  private TurnAway() {}

  /** Starts turning away {@code socket}, whose INFO is {@code info}. */
  static void start(Socket socket, byte[] info, String threadName) {
    Thread t = new Thread(() -> run(socket, info), threadName);
    t.setDaemon(true);
    t.start();
  }

  private static void run(Socket socket, byte[] info) {
    try (socket) {
      OutputStream out = socket.getOutputStream();
      out.write(info);
      out.write(MAX_CONNECTIONS_EXCEEDED);
      out.flush();
      socket.shutdownOutput();
      socket.setSoTimeout(LINGER_MILLIS);
      InputStream in = socket.getInputStream();
      byte[] sink = new byte[4096];
      while (in.read(sink) >= 0) {
        // drop what the client sent until it closes
      }
    } catch (IOException e) {
      // gone already, or it never closed: either way we are done
    }
  }
}
