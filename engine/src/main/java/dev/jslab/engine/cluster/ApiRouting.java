package dev.jslab.engine.cluster;

import dev.jslab.engine.api.ApiException;
import dev.jslab.engine.api.JsError;
import dev.jslab.engine.api.handler.ApiRequest;
import java.util.List;

/**
 * Which node of a cluster answers an API request, as nats-server decides it: the meta leader for
 * what the meta group decides (create, update, delete, names, account info; every node answers
 * 10008 while there is no meta leader; a stream's peer removal too), a stream's leader for what concerns the stream (info, get,
 * purge, delete message, stepdown; the replicas of a group left without a leader answer its info),
 * and a consumer's leader for that consumer. Other nodes stay silent.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class ApiRouting {
  private final JetStreamCluster c;

  ApiRouting(JetStreamCluster cluster) {
    this.c = cluster;
  }

  /** True when the cluster dealt with {@code request}; false to answer it here as usual. */
  boolean take(ApiRequest request) {
    String p = request.pattern();
    switch (p) {
      case "INFO", "STREAM.LIST", "STREAM.NAMES", "STREAM.CREATE.*", "STREAM.UPDATE.*",
          "STREAM.DELETE.*", "STREAM.PEER.REMOVE.*", "META.LEADER.STEPDOWN" -> {
        return metaLevel(request);
      }
      default -> {}
    }
    if (p.startsWith("STREAM.TEMPLATE.")) {
      return metaLevel(request);
    }
    if (p.startsWith("CONSUMER.")) {
      return consumerLevel(request);
    }
    String stream = streamToken(request);
    return stream == null ? false : streamLevel(request, stream);
  }

  private boolean metaLevel(ApiRequest request) {
    if (request.pattern().equals("STREAM.CREATE.*") && Placement.answerExistingCreate(c, request)) {
      return true;
    }
    if (!c.meta().isLeader()) {
      if (c.meta().isLeaderless()) {
        c.api().answerError(request, JsError.CLUSTER_NOT_AVAIL.error());
      }
      return true; // the meta leader answers
    }
    try {
      switch (request.pattern()) {
        case "STREAM.CREATE.*" -> Placement.create(c, request);
        case "STREAM.UPDATE.*" -> Placement.update(c, request);
        case "STREAM.DELETE.*" -> Placement.delete(c, request);
        case "STREAM.PEER.REMOVE.*" -> Placement.removePeer(c, request);
        case "STREAM.NAMES" -> c.api().answerNames(request, "streams", Placement.names(c, request), true);
        case "STREAM.LIST" -> c.listStreams(request);
        case "META.LEADER.STEPDOWN" -> {
          c.api().answerOk(request, g -> g.writeBooleanField("success", true));
          c.meta().stepDown();
        }
        default -> {
          return false; // account info: from this node's view
        }
      }
    } catch (ApiException e) {
      c.api().answerError(request, e.error());
    }
    return true;
  }

  private boolean streamLevel(ApiRequest request, String stream) {
    if (!c.meta().streams().containsKey(stream)) {
      if (c.meta().isLeader()) {
        return false; // the meta leader says it is not found
      }
      if (c.meta().isLeaderless()) {
        c.api().answerError(request, JsError.CLUSTER_NOT_AVAIL.error());
      }
      return true;
    }
    StreamGroup g = c.streamGroup(stream);
    if (g != null && !g.isLeader() && request.pattern().equals("STREAM.INFO.*") && g.isLeaderless()) {
      return false; // as nats-server: while a group that had a leader has none, its members tell
    }
    if (g == null || !g.isLeader()) {
      return true; // its leader answers
    }
    switch (request.pattern()) {
      case "STREAM.PURGE.*", "STREAM.MSG.DELETE.*" -> g.proposeApi(request);
      case "STREAM.LEADER.STEPDOWN.*" -> {
        c.api().answerOk(request, w -> w.writeBooleanField("success", true));
        g.stepDown();
      }
      default -> {
        return false; // reads: the leader's replica holds everything committed
      }
    }
    return true;
  }

  private boolean consumerLevel(ApiRequest request) {
    List<String> t = request.tokens();
    String p = request.pattern();
    switch (p) {
      case "CONSUMER.CREATE.*", "CONSUMER.CREATE.*.>", "CONSUMER.DURABLE.CREATE.*.*",
          "CONSUMER.DELETE.*.*", "CONSUMER.NAMES.*" -> {
        return consumerMetaLevel(request);
      }
      case "CONSUMER.LIST.*" -> {
        return consumerMetaLevel(request);
      }
      default -> {}
    }
    // CONSUMER.INFO.<s>.<c>, CONSUMER.MSG.NEXT.<s>.<c>, CONSUMER.LEADER.STEPDOWN.<s>.<c>
    boolean infoForm = p.startsWith("CONSUMER.INFO.");
    String stream = t.get(infoForm ? 2 : 3);
    String name = t.get(infoForm ? 3 : 4);
    ConsumerGroup g = c.consumerGroup(stream, name);
    if (g != null && g.isLeading()) {
      if (p.startsWith("CONSUMER.LEADER.STEPDOWN.")) {
        c.api().answerOk(request, w -> w.writeBooleanField("success", true));
        g.stepDown();
        return true;
      }
      return false; // the consumer's leader answers
    }
    boolean placed = c.meta().streams().containsKey(stream) && c.meta().consumers(stream).containsKey(name);
    // the meta leader says what does not exist (a pull request for it gets no answer at all)
    return placed || !c.meta().isLeader() || p.startsWith("CONSUMER.MSG.NEXT.");
  }

  private boolean consumerMetaLevel(ApiRequest request) {
    if (!c.meta().isLeader()) {
      if (c.meta().isLeaderless()) {
        c.api().answerError(request, JsError.CLUSTER_NOT_AVAIL.error());
      }
      return true;
    }
    try {
      switch (request.pattern()) {
        case "CONSUMER.DELETE.*.*" -> Placement.deleteConsumer(c, request);
        case "CONSUMER.LIST.*" -> {
          if (!c.meta().streams().containsKey(request.token(2))) {
            throw JsError.STREAM_NOT_FOUND.error().exception();
          }
          c.listConsumers(request, request.token(2));
        }
        case "CONSUMER.NAMES.*" -> {
          String stream = request.token(2);
          if (!c.meta().streams().containsKey(stream)) {
            throw JsError.STREAM_NOT_FOUND.error().exception();
          }
          c.api().answerNames(request, "consumers", List.copyOf(c.meta().consumers(stream).keySet()), false);
        }
        default -> Placement.createConsumer(c, request);
      }
    } catch (ApiException e) {
      c.api().answerError(request, e.error());
    }
    return true;
  }

  /** The stream a stream-level request names, or null when it names none. */
  private static String streamToken(ApiRequest request) {
    List<String> t = request.tokens();
    String p = request.pattern();
    if (p.startsWith("STREAM.MSG.") || p.startsWith("STREAM.LEADER.") || p.startsWith("STREAM.PEER.")) {
      return t.size() > 3 ? t.get(3) : null;
    }
    if (p.startsWith("STREAM.") || p.startsWith("DIRECT.GET.")) {
      return t.size() > 2 ? t.get(2) : null;
    }
    return null;
  }
}
