package dev.jslab.local.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jslab ctl}: drives a running {@code jslab server} through its control API — lists the
 * nodes or kills, stops, restarts, pauses, resumes or cuts the power of one. It finds the lab on
 * the monitoring ports from {@code --http-port} on (the first node's, then the next ones, so it
 * still works when the first node is down) and sends a command to another node than the one it
 * acts on where it can, since a node that stops closes its own port. Runs on the caller's thread.
 */
@Command(
    name = "ctl",
    mixinStandardHelpOptions = true,
    description = {
      "Control a running 'jslab server' started with --http-port.",
      "  ctl nodes                  list the nodes, their state and URLs",
      "  ctl kill|stop|restart|pause|resume|power-cut NODE",
      "                             act on one node and print its new state",
      "  ctl partition n1,n2/n3     cut the network between the groups (nodes not named",
      "                             form one more group)",
      "  ctl heal                   restore every link",
      "  ctl stepdown meta          make the meta leader hand over to another node",
      "  ctl stepdown STREAM        make the stream's leader hand over to another replica",
      "  ctl streams                list the replicated streams and their leaders",
      "  ctl mirrors                list the mirrors and how far behind their origins they are",
      "  ctl groups                 list every Raft group on every running node: role, term,",
      "                             commit/applied/last index, followers' match index",
      "  ctl link n1,n2,n3/n4 [latency=80ms] [jitter=10ms] [loss=0.05] [duplicate=0.01]",
      "           [reorder=0.02]    slow down or break the links between two groups, both ways",
      "                             (no faults: perfect links again); heal leaves them be",
      "  ctl links                  count what crossed each link: Raft and routed client",
      "                             messages, sent/delivered/dropped"
    })
public final class CtlCommand implements Callable<Integer> {
  /** Exit code when no lab answers or the lab refuses the command. */
  public static final int EXIT_FAILED = 1;

  private static final int MAX_NODES = 9;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      defaultValue = "8222",
      description = "The first node's monitoring port (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Parameters(index = "0", paramLabel = "COMMAND", description = "nodes, streams, mirrors, groups, link, links, kill, stop, restart, pause, resume, power-cut, partition, heal or stepdown")
  String command;

  @Parameters(index = "1", arity = "0..1", paramLabel = "ARG", description = "The node to act on (n2), the groups of a partition (n1,n2/n3), or what steps down (meta or a stream's name).")
  String node;

  @Parameters(index = "2..*", arity = "0..*", paramLabel = "FAULT", description = "For link: latency=80ms, jitter=10ms, loss=0.05, duplicate=0.01, reorder=0.02.")
  List<String> faults = new java.util.ArrayList<>();

  @Spec CommandSpec spec;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Override
  public Integer call() throws InterruptedException {
    Optional<NodeAction> action = NodeAction.named(command);
    List<String> clusterWide = List.of("nodes", "streams", "mirrors", "groups", "link", "links", "heal", "partition", "stepdown");
    if (!clusterWide.contains(command) && action.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          "unknown command '" + command + "'; commands: nodes, streams, mirrors, groups, link, links, "
              + String.join(", ", java.util.Arrays.stream(NodeAction.values()).map(NodeAction::wireName).toList())
              + ", partition, heal, stepdown");
    }
    boolean needsArg = action.isPresent() || command.equals("partition") || command.equals("stepdown")
        || command.equals("link");
    if (needsArg && node == null) {
      boolean groups = command.equals("partition") || command.equals("link");
      String example = action.isPresent() ? "n2" : groups ? "n1,n2/n3" : "meta";
      String what = action.isPresent() ? "a NODE" : groups ? "the groups" : "what steps down";
      throw new ParameterException(
          spec.commandLine(), command + " needs " + what + ", e.g. 'ctl " + command + " " + example + "'");
    }
    if (!needsArg && node != null) {
      throw new ParameterException(spec.commandLine(), command + " takes no argument");
    }
    if (!command.equals("link") && !faults.isEmpty()) {
      throw new ParameterException(spec.commandLine(), command + " takes one argument at most");
    }
    String linkQuery = command.equals("link") ? linkQuery() : "";
    if (httpPort < 1 || httpPort > 65_535) {
      throw new ParameterException(spec.commandLine(), "--http-port must be between 1 and 65535 (was " + httpPort + ")");
    }
    PrintWriter out = spec.commandLine().getOut();
    try {
      JsonNode nodes = findLab();
      if (command.equals("nodes")) {
        printCluster(nodes, out);
      } else if (command.equals("streams")) {
        HttpResponse<String> answer = get(baseFor(nodes, null) + ControlApi.PREFIX + "streams");
        printStreams(JSON.readTree(answer.body()), out);
      } else if (command.equals("links")) {
        HttpResponse<String> answer = get(baseFor(nodes, null) + ControlApi.PREFIX + "links");
        for (JsonNode l : JSON.readTree(answer.body()).path("links")) {
          JsonNode raft = l.path("raft");
          JsonNode routed = l.path("routed");
          out.println(l.path("from").asText() + "->" + l.path("to").asText()
              + " raft " + raft.path("sent").asLong() + "/" + raft.path("delivered").asLong() + "/" + raft.path("dropped").asLong()
              + " routed " + routed.path("sent").asLong() + "/" + routed.path("delivered").asLong() + "/" + routed.path("dropped").asLong()
              + " (sent/delivered/dropped)");
        }
      } else if (command.equals("groups")) {
        HttpResponse<String> answer = get(baseFor(nodes, null) + ControlApi.PREFIX + "groups");
        printGroups(JSON.readTree(answer.body()), out);
      } else if (command.equals("mirrors")) {
        HttpResponse<String> answer = get(baseFor(nodes, null) + ControlApi.PREFIX + "mirrors");
        printMirrors(JSON.readTree(answer.body()), out);
      } else if (command.equals("stepdown") && !node.equals("meta")) {
        String path = "streams/" + java.net.URLEncoder.encode(node, java.nio.charset.StandardCharsets.UTF_8) + "/stepdown";
        HttpResponse<String> answer = post(baseFor(nodes, null) + ControlApi.PREFIX + path);
        JsonNode body = JSON.readTree(answer.body());
        if (answer.statusCode() != 200) {
          return fail(body.path("error").asText("the lab answered " + answer.statusCode()));
        }
        out.println(node + ": leadership handed over (a new leader is elected within the election timeout)");
      } else if (action.isEmpty()) {
        String path =
            switch (command) {
              case "partition" -> "partition?groups="
                  + java.net.URLEncoder.encode(node, java.nio.charset.StandardCharsets.UTF_8);
              case "heal" -> "heal";
              case "link" -> "links?" + linkQuery;
              default -> "meta/stepdown";
            };
        HttpResponse<String> answer = post(baseFor(nodes, null) + ControlApi.PREFIX + path);
        JsonNode body = JSON.readTree(answer.body());
        if (answer.statusCode() != 200) {
          return fail(body.path("error").asText("the lab answered " + answer.statusCode()));
        }
        if (command.equals("link")) {
          out.println("links " + node.replace("/", " <-> ") + ": "
              + (faults.isEmpty() ? "perfect again" : String.join(" ", faults)));
        } else {
          printCluster(body, out);
        }
      } else {
        String base = baseFor(nodes, node);
        HttpResponse<String> answer = post(base + ControlApi.PREFIX + "nodes/" + node + "/" + command);
        JsonNode body = JSON.readTree(answer.body());
        if (answer.statusCode() != 200) {
          return fail(body.path("error").asText("the lab answered " + answer.statusCode()));
        }
        out.println(line(body));
      }
      out.flush();
      return 0;
    } catch (IOException e) {
      return fail(e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  /** The control API's query for {@code link}: the groups, then each fault given. */
  private String linkQuery() {
    StringBuilder q = new StringBuilder("groups=")
        .append(java.net.URLEncoder.encode(node, java.nio.charset.StandardCharsets.UTF_8));
    for (String fault : faults) {
      int eq = fault.indexOf('=');
      String key = eq < 0 ? fault : fault.substring(0, eq);
      String value = eq < 0 ? "" : fault.substring(eq + 1);
      switch (key) {
        case "latency", "jitter" -> q.append('&').append(key).append("_ms=").append(millis(fault, value));
        case "loss", "duplicate", "reorder" -> q.append('&').append(key).append('=').append(rate(fault, value));
        default -> throw new ParameterException(spec.commandLine(),
            "unknown link fault '" + fault + "'; faults: latency=80ms, jitter=10ms, loss=0.05, duplicate=0.01, reorder=0.02");
      }
    }
    return q.toString();
  }

  /** {@code 80ms}, {@code 2s} or {@code 80} (milliseconds) as whole milliseconds. */
  private long millis(String fault, String value) {
    try {
      if (value.endsWith("ms")) {
        return Long.parseLong(value.substring(0, value.length() - 2));
      }
      if (value.endsWith("s")) {
        return Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 1000);
      }
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new ParameterException(spec.commandLine(), "'" + fault + "': a duration such as 80ms or 2s");
    }
  }

  private double rate(String fault, String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new ParameterException(spec.commandLine(), "'" + fault + "': a probability such as 0.05");
    }
  }

  private HttpResponse<String> post(String url) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .POST(HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(60))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void printStreams(JsonNode answer, PrintWriter out) {
    if (answer.path("streams").isEmpty()) {
      out.println("no replicated streams");
    }
    for (JsonNode s : answer.path("streams")) {
      String leader = s.path("leader").asText();
      out.println(s.path("name").asText() + " leader=" + (leader.isEmpty() ? "none" : leader));
    }
  }

  /** {@code ORDERS@dr(n4) <- ORDERS@east behind=10 lag=0 active=3.2s}, one line per mirror. */
  private static void printMirrors(JsonNode answer, PrintWriter out) {
    if (answer.path("mirrors").isEmpty()) {
      out.println("no mirrors");
    }
    for (JsonNode m : answer.path("mirrors")) {
      long behind = m.path("behind").asLong();
      long active = m.path("active_ms").asLong();
      out.println(
          at(m.path("stream").asText(), m.path("domain").asText())
              + "(" + (m.path("node").asText().isEmpty() ? "no leader" : m.path("node").asText()) + ")"
              + " <- " + at(m.path("origin").asText(), m.path("origin_domain").asText())
              + " behind=" + (behind < 0 ? "unknown" : Long.toString(behind))
              + " lag=" + m.path("lag").asLong()
              + " active=" + (active < 0 ? "never" : String.format(java.util.Locale.ROOT, "%.1fs", active / 1000.0))
              + (m.hasNonNull("error") ? " error=\"" + m.get("error").asText() + "\"" : ""));
    }
  }

  /**
   * {@code ORDERS n1 leader term=2 commit=40 applied=40 first=33 last=40 n2:40 n3:38}, one line
   * per group member (first: the first index its log still holds, past its last snapshot), grouped
   * by what the group replicates ({@code ORDERS@east} in a lab of several domains).
   */
  private static void printGroups(JsonNode answer, PrintWriter out) {
    List<JsonNode> all = new java.util.ArrayList<>();
    answer.path("groups").forEach(all::add);
    all.sort(java.util.Comparator.comparing((JsonNode g) -> !g.path("asset").asText().equals("_meta_"))
        .thenComparing(g -> g.path("asset").asText())
        .thenComparing(g -> g.path("node").asText()));
    if (all.isEmpty()) {
      out.println("no Raft groups (a single server has none)");
    }
    for (JsonNode g : all) {
      StringBuilder line = new StringBuilder()
          .append(at(g.path("asset").asText(), g.path("domain").asText())).append(' ')
          .append(g.path("node").asText()).append(' ')
          .append(g.path("role").asText())
          .append(" term=").append(g.path("term").asLong())
          .append(" commit=").append(g.path("commit").asLong())
          .append(" applied=").append(g.path("applied").asLong())
          .append(" first=").append(g.path("first").asLong())
          .append(" last=").append(g.path("last").asLong());
      g.path("followers").fields().forEachRemaining(f ->
          line.append(' ').append(f.getKey()).append(':').append(f.getValue().path("match").asLong()));
      out.println(line);
    }
  }

  private static String at(String stream, String domain) {
    return domain.isEmpty() ? stream : stream + "@" + domain;
  }

  private static void printCluster(JsonNode cluster, PrintWriter out) {
    for (JsonNode n : cluster.path("nodes")) {
      out.println(line(n));
    }
    List<String> groups = new java.util.ArrayList<>();
    for (JsonNode group : cluster.path("partition")) {
      List<String> names = new java.util.ArrayList<>();
      group.forEach(n -> names.add(n.asText()));
      groups.add(String.join(",", names));
    }
    if (!groups.isEmpty()) {
      out.println("partition " + String.join(" / ", groups));
    }
  }

  /** The first answer to {@code GET nodes} on the monitoring ports from {@code --http-port} on. */
  private JsonNode findLab() throws IOException, InterruptedException {
    for (int port = httpPort; port < httpPort + MAX_NODES && port <= 65_535; port++) {
      try {
        HttpResponse<String> answer =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + ControlApi.PREFIX + "nodes"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 200) {
          return JSON.readTree(answer.body());
        }
      } catch (ConnectException | java.net.http.HttpTimeoutException e) {
        // that node is down or is no lab: try the next port
      }
    }
    throw new IOException(
        "no lab answers on 127.0.0.1:" + httpPort + "-" + (httpPort + MAX_NODES - 1)
            + " (start one with './jslab server --http-port " + httpPort + "')");
  }

  /** A monitoring URL of a running node that is not {@code target} (null: any), else its own. */
  private static String baseFor(JsonNode nodes, String target) {
    String own = null;
    for (JsonNode n : nodes.path("nodes")) {
      String url = n.path("monitor_url").asText(null);
      if (url == null || !n.path("state").asText().equals("running")) {
        continue;
      }
      if (!n.path("name").asText().equals(target)) {
        return url;
      }
      own = url;
    }
    if (own == null) {
      throw new IllegalStateException("no running node of the lab serves its control API");
    }
    return own;
  }

  private static String line(JsonNode n) {
    StringBuilder line = new StringBuilder(n.path("name").asText()).append(' ').append(n.path("state").asText());
    for (String field : List.of("client_url", "monitor_url")) {
      if (n.hasNonNull(field)) {
        line.append(' ').append(n.get(field).asText());
      }
    }
    if (n.has("meta")) {
      line.append(" meta=").append(n.get("meta").path("role").asText())
          .append('/').append(n.get("meta").path("term").asText());
    }
    return line.toString();
  }

  private int fail(String message) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("jslab ctl: " + message);
    err.flush();
    return EXIT_FAILED;
  }
}
