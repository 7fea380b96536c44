package dev.jslab.engine.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated protocol streams from one "victim" connection, next to two well-behaved
 * bystanders. Checks that nothing throws, that the victim only ever gets well-formed frames and
 * nats-server's errors (fatal ones last, then the close), that feeding the same stream in random
 * chunks changes nothing, and that the bystanders keep working with their subscriptions intact.
 * Some rounds use tight limits (64-byte payload, 128-byte control line), some token auth.
 * Replay a failure with {@code -Dproto.seed=N}; {@code -Dproto.rounds=N} sets the number of
 * streams.
 */
class ProtocolFuzzTest {
  private static final Set<String> FATAL =
      Set.of(
          "Unknown Protocol Operation",
          "Maximum Payload Violation",
          "maximum control line exceeded",
          "no responders requires headers support",
          "Authorization Violation");
  private static final Set<String> KEEPS_OPEN = Set.of("Invalid Subject", "Invalid Publish Subject");

  private static final String[] CONNECTS = {
    "CONNECT {\"verbose\":false,\"pedantic\":false,\"headers\":true,\"no_responders\":true}\r\n",
    "CONNECT {\"verbose\":true,\"pedantic\":true,\"headers\":true,\"no_responders\":true}\r\n",
    "CONNECT {\"verbose\":false,\"pedantic\":false,\"echo\":false,\"headers\":true}\r\n",
    "CONNECT {\"verbose\":false,\"pedantic\":false,\"headers\":false}\r\n",
    "CONNECT {\"verbose\":false,\"pedantic\":false,\"headers\":false,\"no_responders\":true}\r\n",
    "connect {}\r\n",
    "CONNECT {\"verbose\":false,\"pedantic\":false,\"auth_token\":\"t\",\"headers\":true}\r\n",
    "CONNECT {\"auth_token\":\"t\",\"verbose\":true}\r\n",
    ""
  };
  private static final String BYSTANDER_CONNECT =
      "CONNECT {\"verbose\":false,\"pedantic\":false,\"headers\":true,\"no_responders\":true,\"auth_token\":\"t\"}\r\n";
  private static final String[] FRAMES = {
    "PING\r\n",
    "PONG\r\n",
    "+OK\r\n",
    "SUB fuzz.a 1\r\n",
    "SUB fuzz.* q 2\r\n",
    "SUB fuzz.> 3\r\n",
    "UNSUB 1\r\n",
    "UNSUB 2 3\r\n",
    "PUB fuzz.a 5\r\nhello\r\n",
    "PUB fuzz.q r.1 2\r\nhi\r\n",
    "PUB fuzz.* 1\r\nx\r\n",
    "PUB fuzz.e 0\r\n\r\n",
    "HPUB fuzz.a 16 18\r\nNATS/1.0\r\nA: b\r\n\r\nhi\r\n",
    "HPUB fuzz.q rr 12 12\r\nNATS/1.0\r\n\r\n\r\n",
    "SUB _INBOX.z 5\r\nPUB nobody _INBOX.z 0\r\n\r\n",
    "sub fuzz.low 9\r\npub fuzz.low 2\r\nhi\r\n",
    "SUB a..b 4\r\n",
    "INFO {}\r\n",
    "PUB check 2\r\nno\r\n"
  };
  private static final String[] TOKENS = {
    "\r\n", " ", "\t", "-1", "1048577", "99999999999", "0", "\r", "\n", "PUB ", "HPUB ", "*", ">", "..",
    "-ERR x\r\n", "CONNECT {bad\r\n", "65"
  };

  @Test
  void randomAndMutatedStreamsOnlyEverHurtTheConnectionThatSentThem() {
    long seed = Long.getLong("proto.seed", ThreadLocalRandom.current().nextLong());
    int rounds = Integer.getInteger("proto.rounds", 3000);
    System.out.println("ProtocolFuzzTest seed " + seed + " (replay with -Dproto.seed=" + seed + ")");
    Random random = new Random(seed);
    int round = 0;
    try {
      for (; round < rounds; round++) {
        oneRound(random.nextLong());
      }
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(
          "failed in round " + round + "; replay with -Dproto.seed=" + seed, e);
    }
  }

  private void oneRound(long roundSeed) {
    Random random = new Random(roundSeed);
    boolean tight = random.nextInt(4) == 0;
    ClientAuth auth = random.nextInt(5) == 0 ? ClientAuth.token("t") : ClientAuth.none();
    byte[] stream = stream(random, tight);
    int[] cuts = cuts(random, stream.length);

    Outcome whole = run(roundSeed, auth, tight, stream, new int[0]);
    Outcome chunked = run(roundSeed, auth, tight, stream, cuts);
    assertThat(chunked.victim).as("chunked victim output").isEqualTo(whole.victim);
    assertThat(chunked.victimClosed).isEqualTo(whole.victimClosed);
    assertThat(chunked.bystanders).isEqualTo(whole.bystanders);
  }

  private record Outcome(String victim, boolean victimClosed, String bystanders) {}

  private Outcome run(long roundSeed, ClientAuth auth, boolean tight, byte[] stream, int[] cuts) {
    Wire wire = new Wire(roundSeed, auth);
    Wire.Client a = wire.client().send(BYSTANDER_CONNECT + "SUB fuzz.> 1\r\nSUB fuzz.q g 2\r\n");
    Wire.Client b = wire.client().send(BYSTANDER_CONNECT + "SUB fuzz.q g 3\r\nSUB check 4\r\n");
    Wire.Client victim = tight ? wire.client(64, 128) : wire.client();

    for (byte[] chunk : Wire.chunks(stream, cuts)) {
      victim.send(chunk);
    }
    String victimOut = victim.take();
    boolean victimClosed = victim.closed();
    checkVictim(victimOut, victimClosed);
    assertThat(victim.wroteAfterClose()).isFalse();

    String aOut = a.take();
    String bOut = b.take();
    checkFrames(aOut, false);
    checkFrames(bOut, false);

    a.send("PUB check 2\r\nok\r\nPING\r\n");
    assertThat(a.take()).endsWith("PONG\r\n");
    assertThat(b.take()).endsWith("MSG check 4 2\r\nok\r\n");
    assertThat(a.closed()).isFalse();
    assertThat(b.closed()).isFalse();

    victim.session.close("end of round");
    assertThat(wire.router.size()).isEqualTo(4);
    return new Outcome(victimOut, victimClosed, aOut + "|" + bOut);
  }

  private static void checkVictim(String out, boolean closed) {
    List<String> errors = checkFrames(out, true);
    for (int i = 0; i < errors.size(); i++) {
      String error = errors.get(i);
      assertThat(FATAL.contains(error) || KEEPS_OPEN.contains(error)).as(error).isTrue();
      if (FATAL.contains(error)) {
        assertThat(closed).as("closed after " + error).isTrue();
        assertThat(i).as("fatal error is the last error").isEqualTo(errors.size() - 1);
        assertThat(out).endsWith("-ERR '" + error + "'\r\n");
      }
    }
  }

  /** Checks that {@code out} is a sequence of whole server frames; returns the -ERR texts. */
  private static List<String> checkFrames(String out, boolean controlAllowed) {
    List<String> errors = new ArrayList<>();
    int at = 0;
    while (at < out.length()) {
      int eol = out.indexOf("\r\n", at);
      assertThat(eol).as("frame end in %s", out).isGreaterThanOrEqualTo(0);
      String line = out.substring(at, eol);
      at = eol + 2;
      if (line.equals("PONG")) {
        continue;
      }
      if (line.equals("+OK") || line.startsWith("-ERR '")) {
        assertThat(controlAllowed).as(line).isTrue();
        if (line.startsWith("-ERR '")) {
          assertThat(line).endsWith("'");
          errors.add(line.substring(6, line.length() - 1));
        }
        continue;
      }
      String[] parts = line.split(" ");
      int size;
      if (parts[0].equals("MSG")) {
        assertThat(parts.length).as(line).isBetween(4, 5);
        size = Integer.parseInt(parts[parts.length - 1]);
      } else {
        assertThat(parts[0]).as(line).isEqualTo("HMSG");
        assertThat(parts.length).as(line).isBetween(5, 6);
        int headers = Integer.parseInt(parts[parts.length - 2]);
        size = Integer.parseInt(parts[parts.length - 1]);
        assertThat(headers).isLessThanOrEqualTo(size);
        // header content is relayed as sent, as nats-server does: only the sizes are checked
      }
      assertThat(out.substring(at + size, at + size + 2)).as(line).isEqualTo("\r\n");
      at += size + 2;
    }
    return errors;
  }

  private static byte[] stream(Random random, boolean tight) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (random.nextInt(10) == 0) {
      byte[] noise = new byte[random.nextInt(200)];
      for (int i = 0; i < noise.length; i++) {
        noise[i] =
            random.nextBoolean()
                ? (byte) random.nextInt(256)
                : (byte) " \r\nPUBSHINGOK+-0123456789.*>"
                    .charAt(random.nextInt(27));
      }
      out.writeBytes(noise);
      return out.toByteArray();
    }
    out.writeBytes(ascii(CONNECTS[random.nextInt(CONNECTS.length)]));
    int frames = 1 + random.nextInt(12);
    for (int i = 0; i < frames; i++) {
      out.writeBytes(ascii(FRAMES[random.nextInt(FRAMES.length)]));
    }
    if (random.nextInt(8) == 0) {
      int size = tight ? 60 + random.nextInt(10) : 4090 + random.nextInt(10);
      out.writeBytes(ascii("SUB " + "s".repeat(size) + " 7\r\n"));
    }
    if (random.nextInt(8) == 0) {
      int size = tight ? 62 + random.nextInt(4) : 1048574 + random.nextInt(4);
      out.writeBytes(ascii("PUB fuzz.big " + size + "\r\n"));
      out.writeBytes(new byte[size]);
      out.writeBytes(ascii("\r\n"));
    }
    return mutate(random, out.toByteArray());
  }

  private static byte[] mutate(Random random, byte[] data) {
    List<Byte> bytes = new ArrayList<>(data.length);
    if (data.length > 10_000) {
      return data; // big payloads stay intact: they test the limit, not the mutations
    }
    for (byte b : data) {
      bytes.add(b);
    }
    int mutations = random.nextInt(5);
    for (int m = 0; m < mutations; m++) {
      int at = bytes.isEmpty() ? 0 : random.nextInt(bytes.size());
      switch (random.nextInt(6)) {
        case 0 -> {
          if (!bytes.isEmpty()) {
            bytes.set(at, (byte) random.nextInt(256));
          }
        }
        case 1 -> bytes.add(at, (byte) random.nextInt(256));
        case 2 -> {
          if (!bytes.isEmpty()) {
            bytes.remove(at);
          }
        }
        case 3 -> {
          byte[] token = ascii(TOKENS[random.nextInt(TOKENS.length)]);
          for (int i = token.length - 1; i >= 0; i--) {
            bytes.add(at, token[i]);
          }
        }
        case 4 -> {
          int to = Math.min(bytes.size(), at + random.nextInt(20));
          bytes.addAll(at, new ArrayList<>(bytes.subList(at, to)));
        }
        default -> {
          if (!bytes.isEmpty()) {
            bytes.subList(at, bytes.size()).clear();
          }
        }
      }
    }
    byte[] out = new byte[bytes.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = bytes.get(i);
    }
    return out;
  }

  private static int[] cuts(Random random, int length) {
    int count = length == 0 ? 0 : random.nextInt(Math.min(length, 12) + 1);
    return random.ints(count, 0, length + 1).sorted().toArray();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }
}
