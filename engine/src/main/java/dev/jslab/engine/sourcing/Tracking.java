package dev.jslab.engine.sourcing;

import dev.jslab.engine.api.ApiError;
import dev.jslab.engine.stream.ExternalStream;
import dev.jslab.engine.stream.SubjectTransform;
import dev.jslab.engine.stream.SubjectTransformer;
import dev.jslab.engine.subject.Subjects;
import java.util.ArrayList;
import java.util.List;

/**
 * What a mirror or one source knows of its origin and its internal consumer (nats-server's {@code
 * sourceInfo}): the consumer's name, the last origin and delivery sequences seen, the lag, the
 * last error, how many setups failed in a row, when the origin was last heard from and when a
 * consumer was last requested, and the filters and transforms.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
final class Tracking {
  /** Marks a time that never happened. */
  static final long NEVER = Long.MIN_VALUE;

  final String name;
  final String iname;
  final ExternalStream external;
  /** {@code sf}: the single filter, or empty (a mirror sets it when it requests a consumer). */
  String filter;
  /** {@code sfs} and {@code trs}: filters with their rewrites. */
  final List<SubjectTransform> transforms;
  private final List<SubjectTransformer> transformers = new ArrayList<>();

  String cname = "";
  long sseq;
  long dseq;
  long lag;
  ApiError err;
  int fails;
  /** When the origin was last heard from; 0 when never ({@code active} is then -1). */
  long last;
  long lreq = NEVER;
  /** {@code sip}: a create request is under way. */
  boolean setupInProgress;
  InternalBus.Subscription sub;
  PendingRequest request;

  Tracking(
      String name, String iname, ExternalStream external, String filter,
      List<SubjectTransform> transforms) {
    this.name = name;
    this.iname = iname;
    this.external = external;
    this.filter = filter == null ? "" : filter;
    this.transforms = List.copyOf(transforms);
    for (SubjectTransform t : this.transforms) {
      transformers.add(SubjectTransformer.of(t));
    }
  }

  /** The subject as the first transform whose source matches rewrites it, else unchanged. */
  String transform(String subject) {
    for (int i = 0; i < transforms.size(); i++) {
      String src = transforms.get(i).source();
      if (src == null || src.isEmpty() || Subjects.matches(src, subject)) {
        return transformers.get(i).apply(subject);
      }
    }
    return subject;
  }

  /** Drops the internal consumer: the inbox is unsubscribed and the consumer forgotten. */
  void cancel() {
    if (sub != null) {
      sub.cancel();
      sub = null;
    }
    cname = "";
  }

  /** Stops waiting for a create answer. */
  void abandonRequest() {
    if (request != null) {
      request.cancel();
      request = null;
    }
    setupInProgress = false;
  }

  StreamSourceInfo info(long now) {
    return new StreamSourceInfo(
        name, external, lag, last == 0 ? -1 : now - last, err, filter, transforms);
  }
}
