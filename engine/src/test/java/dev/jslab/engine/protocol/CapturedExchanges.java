package dev.jslab.engine.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The exchanges of nats-server 2.9.10's {@code 01-protocol.txt} capture, read from the test
 * resources: one {@link Scenario} per connection, each a list of steps (bytes the client sent,
 * the bytes nats-server answered, whether it had closed the connection).
 */
final class CapturedExchanges {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Step(String title, String sent, String answered, boolean closed) {}

  record Scenario(String title, List<Step> steps) {
    String allSent() {
      StringBuilder out = new StringBuilder();
      steps.forEach(s -> out.append(s.sent()));
      return out.toString();
    }

    String allAnswered() {
      StringBuilder out = new StringBuilder();
      steps.forEach(s -> out.append(s.answered()));
      return out.toString();
    }

    boolean closedAtEnd() {
      return steps.get(steps.size() - 1).closed();
    }

    @Override
    public String toString() {
      return title;
    }
  }

  private CapturedExchanges() {}

  static List<Scenario> load() {
    List<Scenario> scenarios = new ArrayList<>();
    Scenario shared = null;
    String title = null;
    List<Step> current = null;
    StringBuilder sent = null;
    StringBuilder answered = null;
    boolean closed = false;
    for (String line : lines()) {
      if (line.startsWith("### ") || line.equals("<<END>>")) {
        if (title != null && sent.length() > 0) {
          current.add(new Step(title, sent.toString(), answered.toString(), closed));
        }
        if (line.equals("<<END>>")) {
          break;
        }
        title = line.substring(4);
        sent = new StringBuilder();
        answered = new StringBuilder();
        closed = false;
        if (shared == null) {
          shared = new Scenario("one verbose connection", new ArrayList<>());
          scenarios.add(shared);
        }
        current = shared.steps();
      } else if (line.startsWith("--- new connection;")) {
        Scenario own = new Scenario(title, new ArrayList<>());
        scenarios.add(own);
        current = own.steps();
        int at = line.indexOf("sent \"");
        if (at >= 0) {
          String connect = string(line.substring(at + 5, line.indexOf(" + PING, got")));
          current.add(new Step("setup", connect + "PING\r\n", "PONG\r\n", false));
        }
      } else if (line.startsWith(">>> \"")) {
        sent.append(string(line.substring(4)));
      } else if (line.startsWith("<<< \"")) {
        answered.append(string(line.substring(4)));
      } else if (line.startsWith("--- the server closed the connection")) {
        closed = true;
      }
    }
    return scenarios;
  }

  private static String string(String json) {
    try {
      return JSON.readValue(json, String.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> lines() {
    try (InputStream in = CapturedExchanges.class.getResourceAsStream("01-protocol.txt")) {
      List<String> lines =
          new ArrayList<>(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
      lines.add("<<END>>");
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
