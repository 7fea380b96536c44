package dev.jslab.engine.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test fixture: a router and the sessions of one node, driven by text. */
final class Wire {
  static final String CONNECT_PLAIN =
      "CONNECT {\"verbose\":false,\"pedantic\":false,\"tls_required\":false,\"name\":\"wire-capture\","
          + "\"lang\":\"python\",\"version\":\"1.0.0\",\"protocol\":1,\"echo\":true,\"headers\":true,"
          + "\"no_responders\":true}\r\n";

  final SubscriptionRouter router;
  final ClientAuth auth;
  private long nextId = 1;

  Wire(long seed) {
    this(seed, ClientAuth.none());
  }

  Wire(long seed, ClientAuth auth) {
    this.router = new SubscriptionRouter(new Random(seed));
    this.auth = auth;
  }

  Client client() {
    return new Client(new ClientSession(nextId++, router, auth));
  }

  Client client(int maxPayload, int maxControlLine) {
    return new Client(
        new ClientSession(
            nextId++, new ProtocolParser(maxPayload, maxControlLine), router, auth));
  }

  /** One connection: what was written to it as text, and whether it was closed. */
  static final class Client {
    final ClientSession session;
    private final StringBuilder received = new StringBuilder();
    private boolean closed;
    private boolean outputAfterClose;

    Client(ClientSession session) {
      this.session = session;
    }

    Client send(String text) {
      return send(text.getBytes(StandardCharsets.UTF_8));
    }

    Client send(byte[] bytes) {
      session.receive(bytes);
      collect();
      return this;
    }

    void collect() {
      List<SessionOutput> outputs = session.drainOutputs();
      for (SessionOutput output : outputs) {
        if (closed) {
          outputAfterClose = true;
        }
        if (output instanceof SessionOutput.Write w) {
          received.append(w.text());
        } else {
          closed = true;
        }
      }
    }

    /** Everything received since the last call. */
    String take() {
      collect();
      String text = received.toString();
      received.setLength(0);
      return text;
    }

    boolean closed() {
      collect();
      return closed;
    }

    boolean wroteAfterClose() {
      collect();
      return outputAfterClose;
    }
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static List<byte[]> chunks(byte[] data, int... cuts) {
    List<byte[]> out = new ArrayList<>();
    int from = 0;
    for (int cut : cuts) {
      out.add(java.util.Arrays.copyOfRange(data, from, cut));
      from = cut;
    }
    out.add(java.util.Arrays.copyOfRange(data, from, data.length));
    return out;
  }
}
