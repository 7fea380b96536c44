package dev.jslab.engine.monitor;

import static dev.jslab.engine.monitor.MonitorJson.timeField;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.jslab.engine.consumer.GoDurations;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code /connz}: nats-server's {@code Connz} of the open client connections, sorted ({@code
 * sort}, by cid unless asked otherwise; every order but cid, start and uptime descending), paged
 * ({@code offset}, {@code limit}, default 1024) and with subscriptions when asked ({@code
 * subs=true} for subjects, {@code subs=detail} for details). The lab keeps no closed connections:
 * {@code state=closed} finds none.
 *
 * <p>Stateless and thread-safe.
 */
final class Connz {
  static final int DEFAULT_LIMIT = 1024;

  private Connz() {}

  /** The request's options, as nats-server decodes them. */
  record Options(
      String sort, boolean subs, boolean subsDetail, int offset, int limit, long cid, String state) {
    static Options from(MonitorQuery q) throws MonitorQuery.BadRequest {
      q.bool("auth");
      boolean detail = q.get("subs").equalsIgnoreCase("detail");
      boolean subs = !detail && q.bool("subs");
      int offset = q.integer("offset");
      int limit = q.integer("limit");
      String cidText = q.get("cid");
      long cid = 0;
      if (!cidText.isEmpty()) {
        try {
          cid = Long.parseUnsignedLong(cidText);
        } catch (NumberFormatException e) {
          throw new MonitorQuery.BadRequest(
              "Error decoding uint64 for 'cid': strconv.ParseUint: parsing \"" + cidText
                  + "\": invalid syntax");
        }
      }
      String state =
          switch (q.get("state").toLowerCase(java.util.Locale.ROOT)) {
            case "", "open" -> "open";
            case "closed" -> "closed";
            case "any", "all" -> "all";
            default -> throw new MonitorQuery.BadRequest("Error decoding state for " + q.get("state"));
          };
      return new Options(q.get("sort"), subs, detail, offset, limit, cid, state);
    }
  }

  static byte[] write(MonitorInput in, Options o) throws MonitorQuery.BadRequest {
    String sort = o.sort().isEmpty() ? "cid" : o.sort();
    Comparator<ConnectionView> order = order(sort, in.nowNanos());
    if (order == null) {
      throw new MonitorQuery.BadRequest("invalid sorting option: " + sort);
    }
    if ((sort.equals("stop") || sort.equals("reason")) && !o.state().equals("closed")) {
      throw new MonitorQuery.BadRequest(
          "sort by " + sort + " only valid on closed connections");
    }
    int offset = Math.max(0, o.offset());
    int limit = o.limit() <= 0 ? DEFAULT_LIMIT : o.limit();
    List<ConnectionView> open = o.state().equals("closed") ? List.of() : in.connections();
    List<ConnectionView> picked = new ArrayList<>();
    int total = open.size();
    if (o.cid() > 0) {
      limit = 1;
      open.stream().filter(c -> c.cid() == o.cid()).findFirst().ifPresent(picked::add);
    } else {
      picked.addAll(open);
    }
    picked.sort(order);
    int from = Math.min(offset, picked.size());
    int to = (int) Math.min((long) offset + limit, picked.size());
    List<ConnectionView> page = picked.subList(from, Math.max(from, to));
    int lim = limit;
    return MonitorJson.indented(2, g -> {
      g.writeStartObject();
      g.writeStringField("server_id", in.server().serverId());
      timeField(g, "now", in.nowNanos());
      g.writeNumberField("num_connections", page.size());
      g.writeNumberField("total", total);
      g.writeNumberField("offset", offset);
      g.writeNumberField("limit", lim);
      g.writeArrayFieldStart("connections");
      for (ConnectionView c : page) {
        writeConnection(g, c, in.nowNanos(), o);
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  private static Comparator<ConnectionView> order(String sort, long now) {
    Comparator<ConnectionView> byCid = Comparator.comparingLong(ConnectionView::cid);
    Comparator<ConnectionView> c =
        switch (sort) {
          case "cid", "start" -> byCid;
          case "subs" -> Comparator.comparingInt((ConnectionView v) -> v.subscriptions().size())
              .reversed();
          case "pending" -> Comparator.comparingLong(ConnectionView::pendingBytes).reversed();
          case "msgs_to" -> Comparator.comparingLong(ConnectionView::outMsgs).reversed();
          case "msgs_from" -> Comparator.comparingLong(ConnectionView::inMsgs).reversed();
          case "bytes_to" -> Comparator.comparingLong(ConnectionView::outBytes).reversed();
          case "bytes_from" -> Comparator.comparingLong(ConnectionView::inBytes).reversed();
          case "last" -> Comparator.comparingLong(ConnectionView::lastActivityNanos).reversed();
          case "idle" -> Comparator.comparingLong((ConnectionView v) -> now - v.lastActivityNanos())
              .reversed();
          case "uptime" -> Comparator.comparingLong((ConnectionView v) -> now - v.startNanos());
          case "rtt" -> Comparator.comparingLong(ConnectionView::rttNanos).reversed();
          case "stop", "reason" -> byCid;
          default -> null;
        };
    return c == null ? null : c.thenComparing(byCid);
  }

  private static void writeConnection(JsonGenerator g, ConnectionView c, long now, Options o)
      throws IOException {
    g.writeStartObject();
    g.writeNumberField("cid", c.cid());
    g.writeStringField("kind", "Client");
    g.writeStringField("type", "nats");
    g.writeStringField("ip", c.ip());
    g.writeNumberField("port", c.port());
    timeField(g, "start", c.startNanos());
    timeField(g, "last_activity", c.lastActivityNanos());
    g.writeStringField("rtt", GoDurations.format(c.rttNanos()));
    g.writeStringField("uptime", Uptime.format(now - c.startNanos()));
    g.writeStringField("idle", Uptime.format(now - c.lastActivityNanos()));
    g.writeNumberField("pending_bytes", c.pendingBytes());
    g.writeNumberField("in_msgs", c.inMsgs());
    g.writeNumberField("out_msgs", c.outMsgs());
    g.writeNumberField("in_bytes", c.inBytes());
    g.writeNumberField("out_bytes", c.outBytes());
    g.writeNumberField("subscriptions", c.subscriptions().size());
    optional(g, "name", c.name());
    optional(g, "lang", c.lang());
    optional(g, "version", c.version());
    if (!c.subscriptions().isEmpty()) {
      if (o.subsDetail()) {
        g.writeArrayFieldStart("subscriptions_list_detail");
        for (ConnectionView.SubscriptionView s : c.subscriptions()) {
          g.writeStartObject();
          g.writeStringField("subject", s.subject());
          optional(g, "qgroup", s.queue());
          g.writeStringField("sid", s.sid());
          g.writeNumberField("msgs", s.msgs());
          if (s.max() != 0) {
            g.writeNumberField("max", s.max());
          }
          g.writeNumberField("cid", c.cid());
          g.writeEndObject();
        }
        g.writeEndArray();
      } else if (o.subs()) {
        g.writeArrayFieldStart("subscriptions_list");
        for (ConnectionView.SubscriptionView s : c.subscriptions()) {
          g.writeString(s.subject());
        }
        g.writeEndArray();
      }
    }
    g.writeEndObject();
  }

  private static void optional(JsonGenerator g, String name, String value) throws IOException {
    if (!value.isEmpty()) {
      g.writeStringField(name, value);
    }
  }
}
