package dev.jslab.local.control;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.jslab.engine.api.Json;
import dev.jslab.engine.monitor.MonitorResponse;
import dev.jslab.local.cluster.ClusterSnapshot;
import dev.jslab.local.cluster.LocalCluster;
import dev.jslab.local.cluster.LinkTraffic;
import dev.jslab.local.cluster.MetaView;
import dev.jslab.local.cluster.MirrorView;
import dev.jslab.local.cluster.RaftGroupView;
import dev.jslab.local.cluster.NodeSnapshot;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The lab's control API over HTTP, for scripted demos and {@code jslab ctl}: {@code GET
 * /jslab/v1/nodes} lists the nodes (state, URLs, meta role and term) and the partition; {@code
 * POST /jslab/v1/nodes/<node>/<action>} (kill, stop, restart, pause, resume, power-cut) acts on one
 * and answers with the node once the action is done; {@code POST
 * /jslab/v1/partition?groups=n1,n2/n3}, {@code POST /jslab/v1/heal} and {@code POST
 * /jslab/v1/meta/stepdown} change the network and the meta group and answer with the nodes;
 * {@code POST /jslab/v1/streams/<stream>/stepdown} makes a stream's leader hand over (404 when no
 * running node leads it) and {@code GET /jslab/v1/streams} lists the replicated streams and their
 * leaders; {@code GET /jslab/v1/mirrors} lists the mirrors, with how far behind their origins they
 * are; {@code POST /jslab/v1/links?groups=n1,n2/n3&latency_ms=80&jitter_ms=10&loss=0.05&duplicate=0&reorder=0}
 * gives the links between two groups those faults, both ways (none given: perfect links again),
 * and {@code GET /jslab/v1/links} counts what crossed each directed link (Raft and routed client
 * messages, sent, delivered, dropped);
 * {@code GET /jslab/v1/groups} lists every Raft group on every running node (role, term,
 * leader, commit/applied/last index, and on a leader each follower's match index).
 * Answers are JSON; errors are {@code {"error":"…"}} with 400, 404, 405 or 500.
 *
 * <p>Thread-safe: it only calls the cluster's thread-safe commands, and waits for them on the
 * caller's thread — never call it on a node's thread.
 */
public final class ControlApi {
  /** The path every control request starts with. */
  public static final String PREFIX = "/jslab/v1/";

  private static final long ACTION_TIMEOUT_SECONDS = 30;

  private final LocalCluster cluster;

  public ControlApi(LocalCluster cluster) {
    this.cluster = cluster;
  }

  /** Answers {@code method} on {@code path}, which starts with {@link #PREFIX}. */
  public MonitorResponse handle(String method, String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
    List<String> parts = List.of(path.substring(PREFIX.length()).split("/", -1));
    if (parts.equals(List.of("partition"))
        || parts.equals(List.of("heal"))
        || parts.equals(List.of("meta", "stepdown"))) {
      if (!"POST".equals(method)) {
        return error(405, method + " is not allowed on " + path + "; use POST");
      }
      try {
        switch (parts.get(0)) {
          case "partition" -> cluster.partition(groups(query));
          case "heal" -> cluster.heal();
          default -> cluster.stepDownMeta();
        }
      } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
        return error(400, e.getMessage());
      }
      return json(200, this::writeNodes);
    }
    Json.Writer view = parts.size() == 1 ? views().get(parts.get(0)) : null;
    if (view != null && ("GET".equals(method) || "HEAD".equals(method))) {
      return json(200, view);
    }
    if (view != null && !parts.get(0).equals("links")) {
      return error(405, method + " is not allowed on " + path + "; use GET");
    }
    if (parts.equals(List.of("links"))) {
      if (!"POST".equals(method)) {
        return error(405, method + " is not allowed on " + path + "; use GET or POST");
      }
      try {
        List<List<String>> groups = groups(query);
        if (groups.size() != 2) {
          throw new IllegalArgumentException("links need two groups of nodes, e.g. n1,n2,n3/n4");
        }
        cluster.setLinkFaults(groups.get(0), groups.get(1), faults(query));
      } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
        return error(400, e.getMessage());
      }
      return json(200, this::writeNodes);
    }
    if (parts.size() == 3 && parts.get(0).equals("streams") && parts.get(2).equals("stepdown")) {
      if (!"POST".equals(method)) {
        return error(405, method + " is not allowed on " + path + "; use POST");
      }
      String stream = parts.get(1);
      boolean led;
      try {
        led = cluster.stepDownStream(stream).get(ACTION_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return error(500, "interrupted while the leader of " + stream + " was asked to step down");
      } catch (ExecutionException | TimeoutException e) {
        return error(500, "could not step down the leader of " + stream + ": " + e.getMessage());
      }
      return led
          ? json(200, this::writeStreams)
          : error(404, "no running node leads a stream called " + stream);
    }
    if (parts.size() != 3 || !parts.get(0).equals("nodes")) {
      return error(404, "no such control path: " + path);
    }
    String node = parts.get(1);
    Optional<NodeAction> action = NodeAction.named(parts.get(2));
    if (action.isEmpty()) {
      return error(404, "no action '" + parts.get(2) + "'; actions: " + actionNames());
    }
    if (!"POST".equals(method)) {
      return error(405, method + " is not allowed on " + path + "; use POST");
    }
    if (!cluster.nodeNames().contains(node)) {
      return error(404, "no node " + node + "; nodes: " + String.join(", ", cluster.nodeNames()));
    }
    try {
      NodeSnapshot after =
          action.get().apply(cluster, node).get(ACTION_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return json(200, g -> writeNode(g, after));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return error(500, "interrupted while " + node + " was being acted on");
    } catch (ExecutionException e) {
      return error(500, "could not " + action.get().wireName() + " " + node + ": " + e.getCause().getMessage());
    } catch (TimeoutException e) {
      return error(500, action.get().wireName() + " of " + node + " did not finish within "
          + ACTION_TIMEOUT_SECONDS + " s");
    }
  }

  /** What {@code GET /jslab/v1/<name>} shows, by name. */
  private java.util.Map<String, Json.Writer> views() {
    return java.util.Map.of(
        "nodes", this::writeNodes,
        "streams", this::writeStreams,
        "mirrors", this::writeMirrors,
        "groups", this::writeGroups,
        "links", this::writeTraffic);
  }

  /** {@code groups=n1,n2/n3} as [[n1, n2], [n3]]. */
  private static List<List<String>> groups(String query) {
    for (String pair : query.split("&")) {
      if (pair.startsWith("groups=")) {
        String value = java.net.URLDecoder.decode(pair.substring(7), java.nio.charset.StandardCharsets.UTF_8);
        List<List<String>> groups = new java.util.ArrayList<>();
        for (String group : value.split("/")) {
          List<String> nodes = java.util.Arrays.stream(group.split(",")).map(String::strip).filter(n -> !n.isEmpty()).toList();
          if (!nodes.isEmpty()) {
            groups.add(nodes);
          }
        }
        if (!groups.isEmpty()) {
          return groups;
        }
      }
    }
    throw new IllegalArgumentException("partition needs groups, e.g. groups=n1,n2/n3");
  }

  /**
   * {@code latency_ms}, {@code jitter_ms} (milliseconds) and {@code loss}, {@code duplicate},
   * {@code reorder} (probabilities) from the query; each absent one is zero.
   */
  private static dev.jslab.local.sim.LinkFaults faults(String query) {
    java.util.Map<String, String> values = new java.util.HashMap<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        values.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    long latency = millis(values, "latency_ms");
    long jitter = millis(values, "jitter_ms");
    return new dev.jslab.local.sim.LinkFaults(
        latency * 1_000_000L, jitter * 1_000_000L, rate(values, "loss"), rate(values, "duplicate"),
        rate(values, "reorder"));
  }

  private static long millis(java.util.Map<String, String> values, String key) {
    try {
      long v = Long.parseLong(values.getOrDefault(key, "0"));
      if (v < 0 || v > 600_000) {
        throw new IllegalArgumentException(key + " must be between 0 and 600000 (was " + v + ")");
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number of milliseconds (was '" + values.get(key) + "')");
    }
  }

  private static double rate(java.util.Map<String, String> values, String key) {
    try {
      return Double.parseDouble(values.getOrDefault(key, "0"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a probability between 0 and 1 (was '" + values.get(key) + "')");
    }
  }

  private static String actionNames() {
    return String.join(
        ", ", java.util.Arrays.stream(NodeAction.values()).map(NodeAction::wireName).toList());
  }

  private void writeNodes(JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeStringField("cluster", cluster.spec().name());
    g.writeArrayFieldStart("nodes");
    ClusterSnapshot all = cluster.snapshot();
    for (NodeSnapshot n : all.nodes()) {
      writeNode(g, n);
    }
    g.writeEndArray();
    ClusterSnapshot snapshot = cluster.snapshot();
    g.writeArrayFieldStart("partition");
    for (List<String> group : snapshot.partition()) {
      g.writeStartArray();
      for (String n : group) {
        g.writeString(n);
      }
      g.writeEndArray();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private void writeStreams(JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeArrayFieldStart("streams");
    for (java.util.Map.Entry<String, String> e : cluster.snapshot().streamLeaders().entrySet()) {
      g.writeStartObject();
      g.writeStringField("name", e.getKey());
      g.writeStringField("leader", e.getValue());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private void writeMirrors(JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeArrayFieldStart("mirrors");
    for (MirrorView m : cluster.mirrors()) {
      g.writeStartObject();
      g.writeStringField("stream", m.stream());
      g.writeStringField("node", m.node());
      g.writeStringField("domain", m.domain());
      g.writeStringField("origin", m.origin());
      g.writeStringField("origin_domain", m.originDomain());
      g.writeNumberField("mirrored_seq", m.mirroredSeq());
      g.writeNumberField("origin_seq", m.originSeq());
      g.writeNumberField("behind", m.behind());
      g.writeNumberField("lag", m.reportedLag());
      g.writeNumberField("active_ms", m.activeMillis());
      if (m.error().isPresent()) {
        g.writeStringField("error", m.error().get());
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private void writeTraffic(JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeArrayFieldStart("links");
    for (LinkTraffic t : cluster.linkTraffic()) {
      g.writeStartObject();
      g.writeStringField("from", t.from());
      g.writeStringField("to", t.to());
      g.writeObjectFieldStart("raft");
      g.writeNumberField("sent", t.raftSent());
      g.writeNumberField("delivered", t.raftDelivered());
      g.writeNumberField("dropped", t.raftDropped());
      g.writeEndObject();
      g.writeObjectFieldStart("routed");
      g.writeNumberField("sent", t.routedSent());
      g.writeNumberField("delivered", t.routedDelivered());
      g.writeNumberField("dropped", t.routedDropped());
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private void writeGroups(JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeArrayFieldStart("groups");
    for (RaftGroupView view : cluster.raftGroups()) {
      var s = view.status();
      g.writeStartObject();
      g.writeStringField("asset", view.asset());
      g.writeStringField("domain", view.domain());
      g.writeStringField("group", s.group());
      g.writeStringField("node", s.node());
      g.writeStringField("role", s.role().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
      g.writeNumberField("term", s.term());
      g.writeStringField("leader", s.leader().orElse(""));
      g.writeNumberField("commit", s.commitIndex());
      g.writeNumberField("applied", s.appliedIndex());
      g.writeNumberField("first", s.firstIndex());
      g.writeNumberField("last", s.lastIndex());
      g.writeObjectFieldStart("followers");
      for (var f : new java.util.TreeMap<>(s.followers()).entrySet()) {
        g.writeObjectFieldStart(f.getKey());
        g.writeNumberField("match", f.getValue().matchIndex());
        g.writeNumberField("next", f.getValue().nextIndex());
        g.writeEndObject();
      }
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private void writeNode(JsonGenerator g, NodeSnapshot n) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", n.name());
    g.writeStringField("state", n.state().label());
    g.writeNumberField("starts", n.starts());
    g.writeBooleanField("recovered_from_crash", n.recoveredFromCrash());
    if (n.clientUrl().isPresent()) {
      g.writeStringField("client_url", n.clientUrl().get());
    }
    if (n.monitorUrl().isPresent()) {
      g.writeStringField("monitor_url", n.monitorUrl().get());
    }
    if (n.error().isPresent()) {
      g.writeStringField("error", n.error().get());
    }
    java.util.Optional<MetaView> meta = cluster.snapshot().metaOf(n.name());
    if (meta.isPresent()) {
      g.writeObjectFieldStart("meta");
      g.writeStringField("role", meta.get().role());
      g.writeNumberField("term", meta.get().term());
      if (meta.get().leader().isPresent()) {
        g.writeStringField("leader", meta.get().leader().get());
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static MonitorResponse json(int status, Json.Writer writer) {
    return new MonitorResponse(status, MonitorResponse.JSON, Json.write(writer));
  }

  private static MonitorResponse error(int status, String message) {
    return json(
        status,
        g -> {
          g.writeStartObject();
          g.writeStringField("error", message);
          g.writeEndObject();
        });
  }
}
