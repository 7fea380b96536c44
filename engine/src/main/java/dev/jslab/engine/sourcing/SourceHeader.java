package dev.jslab.engine.sourcing;

import dev.jslab.engine.consumer.AckSubject;
import dev.jslab.engine.stream.StreamSource;
import dev.jslab.engine.stream.SubjectTransform;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code Nats-Stream-Source} header a sourced message carries, as nats-server 2.10 writes and
 * reads it, and the index name ({@code iname}) that tells a stream's sources apart.
 *
 * <p>The index name is {@code <origin>[:<hash of external api>] <filters> <destinations>}: with no
 * transforms the filter is {@code filter_subject} or {@code >} and the destination {@code >}; with
 * transforms, their sources and destinations each joined by a form feed. The header is the index
 * name with the origin sequence put second: {@code ORDERS 42 > >}. The pre-2.10 header was the
 * delivery's ack reply itself; it is still read.
 *
 * <p>Stateless and thread-safe.
 */
final class SourceHeader {
  private static final String FWC = ">";
  private static final String DIGITS =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  /** What a stored header says: the origin, the source's index name (empty when pre-2.10), the sequence. */
  record Origin(String stream, String iname, long seq) {}

  private SourceHeader() {}

  /** nats-server's {@code composeIName}. */
  static String iname(StreamSource s) {
    String name = s.name();
    if (s.external() != null) {
      name = name + ":" + hash(s.external().api());
    }
    String source;
    String destination;
    if (s.subjectTransforms().isEmpty()) {
      source = s.filterSubject() == null || s.filterSubject().isEmpty() ? FWC : s.filterSubject();
      destination = FWC;
    } else {
      List<String> sources = new ArrayList<>();
      List<String> destinations = new ArrayList<>();
      for (SubjectTransform t : s.subjectTransforms()) {
        sources.add(orWildcard(t.source()));
        destinations.add(orWildcard(t.destination()));
      }
      source = String.join("\f", sources);
      destination = String.join("\f", destinations);
    }
    return name + " " + source + " " + destination;
  }

  /** The header value for a delivery with ack reply {@code reply} (sequence 1 when not an ack reply). */
  static String value(String iname, String reply) {
    String[] parts = iname.split(" ", -1);
    String[] tokens = reply.split("\\.", -1);
    String seq = "1";
    if (tokens.length == 9 && "$JS".equals(tokens[0]) && "ACK".equals(tokens[1])) {
      seq = tokens[5];
    }
    return parts[0] + " " + seq + " " + parts[1] + " " + parts[2];
  }

  /** nats-server's {@code streamAndSeq}: what a stored header value says; an empty stream when unreadable. */
  static Origin read(String value) {
    if (value.startsWith("$JS.ACK.")) {
      String[] t = value.split("\\.", -1);
      if (t.length != 9) {
        return new Origin("", "", 0);
      }
      return new Origin(t[2], "", AckSubject.number(t[5]));
    }
    String[] f = value.split(" ", -1);
    if (f.length != 2 && f.length <= 3) {
      return new Origin("", "", 0);
    }
    if (f.length >= 4) {
      return new Origin(f[0], f[0] + " " + f[2] + " " + f[3], AckSubject.number(f[1]));
    }
    return new Origin(f[0], "", AckSubject.number(f[1]));
  }

  /** nats-server's {@code getHash}: 8 base-62 characters from a SHA-256 of {@code name}. */
  static String hash(String name) {
    try {
      byte[] bytes = (name == null ? "" : name).getBytes(StandardCharsets.UTF_8);
      byte[] sha = MessageDigest.getInstance("SHA-256").digest(bytes);
      char[] out = new char[8];
      for (int i = 0; i < out.length; i++) {
        out[i] = DIGITS.charAt((sha[i] & 0xff) % DIGITS.length());
      }
      return new String(out);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static String orWildcard(String s) {
    return s == null || s.isEmpty() ? FWC : s;
  }

}
