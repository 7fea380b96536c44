package dev.jslab.engine.monitor;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * One node's monitoring endpoint: answers {@code /varz}, {@code /connz}, {@code /jsz}, {@code
 * /healthz}, {@code /raftz} and {@code /metrics} from the state the host gathers, as nats-server
 * answers them (a bad option is a {@code 400} with nats-server's text; any other path a {@code
 * 404}), and counts requests per path for {@code http_req_stats} as nats-server does.
 *
 * <p>Not thread-safe: confined to the node's executor. One instance per node start.
 */
public final class Monitor {
  /** What a server without Raft groups answers on {@code /raftz} (nats-server 2.11). */
  static final String NO_RAFT = "No Raft nodes registered";

  private final Map<String, Long> httpReqStats = new HashMap<>();

  /**
   * The answer to a GET of {@code path} with {@code rawQuery} (null or empty for none), built
   * from {@code input}.
   */
  public MonitorResponse handle(String path, String rawQuery, MonitorInput input) {
    MonitorQuery query = MonitorQuery.parse(rawQuery);
    try {
      switch (path) {
        case "/varz":
          count(path);
          return MonitorResponse.json(200, Varz.write(input, httpReqStats));
        case "/connz":
          count(path);
          return MonitorResponse.json(200, Connz.write(input, Connz.Options.from(query)));
        case "/jsz":
          count(path);
          return MonitorResponse.json(200, Jsz.write(input, Jsz.Options.from(query)));
        case "/healthz":
          count(path);
          return Healthz.answer(input, Healthz.Options.from(query));
        case "/raftz":
          count(path);
          return Raftz.answer(input, query);
        case "/metrics":
          String text = Metrics.write(input, Varz.write(input, httpReqStats));
          return new MonitorResponse(
              200, MonitorResponse.PROMETHEUS, text.getBytes(StandardCharsets.UTF_8));
        default:
          return MonitorResponse.text(404, "404 page not found\n");
      }
    } catch (MonitorQuery.BadRequest e) {
      return MonitorResponse.text(400, e.getMessage());
    }
  }

  private void count(String path) {
    httpReqStats.merge(path, 1L, Long::sum);
  }
}
