package dev.jslab.engine.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jslab.engine.api.Json;
import dev.jslab.engine.consumer.ConsumerJson;
import dev.jslab.engine.wire.ConsumerConfigJson;
import dev.jslab.engine.stream.StreamConfig;
import dev.jslab.engine.wire.JsonReader;
import dev.jslab.engine.wire.StreamConfigJson;
import java.util.ArrayList;
import java.util.List;

/**
 * The meta group's commands as log entries: one JSON object each, {@code {"op":…}} with the
 * command's fields and stream configurations in their API form.
 *
 * <p>Stateless and thread-safe.
 */
final class MetaCommandCodec {
  private MetaCommandCodec() {}

  static byte[] encode(MetaCommand command) {
    return Json.write(g -> {
      g.writeStartObject();
      if (command instanceof MetaCommand.AssignStream a) {
        StreamAssignment sa = a.assignment();
        g.writeStringField("op", "assign_stream");
        g.writeFieldName("config");
        StreamConfigJson.write(g, sa.config());
        g.writeStringField("group", sa.group());
        g.writeArrayFieldStart("peers");
        for (String p : sa.peers()) {
          g.writeString(p);
        }
        g.writeEndArray();
        g.writeNumberField("created", sa.createdNanos());
        g.writeStringField("subject", sa.createSubject());
        g.writeStringField("reply", sa.createReply());
        writeStrings(g, "initial_peers", sa.initialPeers());
      } else if (command instanceof MetaCommand.UpdateStream u) {
        g.writeStringField("op", "update_stream");
        g.writeFieldName("config");
        StreamConfigJson.write(g, u.config());
        g.writeStringField("subject", u.subject());
        g.writeStringField("reply", u.reply());
      } else if (command instanceof MetaCommand.RemoveStream r) {
        g.writeStringField("op", "remove_stream");
        g.writeStringField("stream", r.stream());
        g.writeStringField("subject", r.subject());
        g.writeStringField("reply", r.reply());
      } else if (command instanceof MetaCommand.AssignConsumer a) {
        ConsumerAssignment ca = a.assignment();
        g.writeStringField("op", "assign_consumer");
        g.writeStringField("stream", ca.stream());
        g.writeStringField("name", ca.name());
        g.writeFieldName("config");
        ConsumerJson.writeConfig(g, ca.config());
        g.writeStringField("group", ca.group());
        g.writeArrayFieldStart("peers");
        for (String p : ca.peers()) {
          g.writeString(p);
        }
        g.writeEndArray();
        g.writeNumberField("created", ca.createdNanos());
        g.writeStringField("subject", ca.createSubject());
        g.writeStringField("reply", ca.createReply());
        writeStrings(g, "initial_peers", ca.initialPeers());
      } else if (command instanceof MetaCommand.UpdateConsumer u) {
        g.writeStringField("op", "update_consumer");
        g.writeStringField("stream", u.stream());
        g.writeStringField("name", u.name());
        g.writeFieldName("config");
        ConsumerJson.writeConfig(g, u.config());
        g.writeStringField("subject", u.subject());
        g.writeStringField("reply", u.reply());
      } else if (command instanceof MetaCommand.Reassign r) {
        g.writeStringField("op", "reassign");
        g.writeStringField("stream", r.stream());
        writeStrings(g, "peers", r.peers());
        if (r.config() != null) {
          g.writeFieldName("config");
          StreamConfigJson.write(g, r.config());
        }
        g.writeArrayFieldStart("consumers");
        for (MetaCommand.ConsumerMove m : r.consumers()) {
          g.writeStartObject();
          g.writeStringField("name", m.name());
          writeStrings(g, "peers", m.peers());
          if (m.config() != null) {
            g.writeFieldName("config");
            ConsumerJson.writeConfig(g, m.config());
          }
          g.writeEndObject();
        }
        g.writeEndArray();
        writeStrings(g, "removed_consumers", r.removedConsumers());
        g.writeStringField("subject", r.subject());
        g.writeStringField("reply", r.reply());
      } else if (command instanceof MetaCommand.RemoveConsumer r) {
        g.writeStringField("op", "remove_consumer");
        g.writeStringField("stream", r.stream());
        g.writeStringField("name", r.name());
        g.writeStringField("subject", r.subject());
        g.writeStringField("reply", r.reply());
      }
      g.writeEndObject();
    });
  }

  static MetaCommand decode(byte[] data) {
    JsonNode n = JsonReader.parse(data);
    String op = n.path("op").asText();
    switch (op) {
      case "assign_stream" -> {
        return new MetaCommand.AssignStream(
            new StreamAssignment(
                config(n),
                n.path("group").asText(),
                strings(n.path("peers")),
                n.path("created").asLong(),
                n.path("subject").asText(),
                n.path("reply").asText(),
                strings(n.path("initial_peers"))));
      }
      case "update_stream" -> {
        return new MetaCommand.UpdateStream(config(n), n.path("subject").asText(), n.path("reply").asText());
      }
      case "remove_stream" -> {
        return new MetaCommand.RemoveStream(
            n.path("stream").asText(), n.path("subject").asText(), n.path("reply").asText());
      }
      case "assign_consumer" -> {
        return new MetaCommand.AssignConsumer(
            new ConsumerAssignment(
                n.path("stream").asText(),
                n.path("name").asText(),
                ConsumerConfigJson.read(n.path("config")),
                n.path("group").asText(),
                strings(n.path("peers")),
                n.path("created").asLong(),
                n.path("subject").asText(),
                n.path("reply").asText(),
                strings(n.path("initial_peers"))));
      }
      case "update_consumer" -> {
        return new MetaCommand.UpdateConsumer(
            n.path("stream").asText(), n.path("name").asText(),
            ConsumerConfigJson.read(n.path("config")), n.path("subject").asText(),
            n.path("reply").asText());
      }
      case "remove_consumer" -> {
        return new MetaCommand.RemoveConsumer(
            n.path("stream").asText(), n.path("name").asText(), n.path("subject").asText(),
            n.path("reply").asText());
      }
      case "reassign" -> {
        List<MetaCommand.ConsumerMove> moves = new ArrayList<>();
        n.path("consumers").forEach(m -> moves.add(new MetaCommand.ConsumerMove(
            m.path("name").asText(),
            strings(m.path("peers")),
            m.has("config") ? ConsumerConfigJson.read(m.path("config")) : null)));
        return new MetaCommand.Reassign(
            n.path("stream").asText(), strings(n.path("peers")), n.has("config") ? config(n) : null,
            moves, strings(n.path("removed_consumers")), n.path("subject").asText(),
            n.path("reply").asText());
      }
      default -> throw new IllegalArgumentException("unknown meta command '" + op + "'");
    }
  }

  /**
   * The meta group's state as a snapshot: the number of assignments, then each one as a
   * length-prefixed {@link #encode encoded} {@code AssignStream} (every stream first) or {@code
   * AssignConsumer}, so each assignment comes back exactly as it was kept.
   */
  static byte[] encodeSnapshot(
      java.util.Collection<StreamAssignment> streams, java.util.Collection<ConsumerAssignment> consumers) {
    List<byte[]> parts = new ArrayList<>();
    streams.forEach(sa -> parts.add(encode(new MetaCommand.AssignStream(sa))));
    consumers.forEach(ca -> parts.add(encode(new MetaCommand.AssignConsumer(ca))));
    return dev.jslab.engine.codec.DataCodec.write(out -> {
      out.writeInt(parts.size());
      for (byte[] part : parts) {
        out.writeInt(part.length);
        out.write(part);
      }
    });
  }

  /** The assignments of a snapshot {@link #encodeSnapshot} made, in its order. */
  static List<MetaCommand> decodeSnapshot(byte[] data) {
    return dev.jslab.engine.codec.DataCodec.read(data, in -> {
      int count = in.readInt();
      List<MetaCommand> out = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        byte[] part = new byte[in.readInt()];
        in.readFully(part);
        MetaCommand command = decode(part);
        if (!(command instanceof MetaCommand.AssignStream) && !(command instanceof MetaCommand.AssignConsumer)) {
          throw new IllegalArgumentException("a meta snapshot holds assignments only, not " + command);
        }
        out.add(command);
      }
      return out;
    }, e -> new IllegalArgumentException("not a meta snapshot: " + e.getMessage(), e));
  }

  private static void writeStrings(com.fasterxml.jackson.core.JsonGenerator g, String field, List<String> values)
      throws java.io.IOException {
    g.writeArrayFieldStart(field);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(p -> out.add(p.asText()));
    return out;
  }

  private static StreamConfig config(JsonNode n) {
    return StreamConfigJson.read(n.path("config"));
  }
}
