package dev.jslab.engine.stream;

import dev.jslab.engine.api.ApiError;
import dev.jslab.engine.api.ApiException;
import dev.jslab.engine.api.JsError;
import dev.jslab.engine.message.Headers;
import dev.jslab.engine.message.OutboundMessage;
import dev.jslab.engine.store.MessageSizes;
import dev.jslab.engine.store.MessageStore;
import dev.jslab.engine.store.StoreState;
import dev.jslab.engine.store.StoredMessage;
import dev.jslab.engine.store.SubjectState;
import dev.jslab.engine.subject.Subjects;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One stream: its configuration, its store, and the publish path of nats-server — subject
 * transform, expectations ({@code Nats-Expected-*}), deduplication ({@code Nats-Msg-Id}),
 * rollups, size and limit checks, discard policies and retention.
 *
 * <p>A stream changes only through operations applied in order ({@link #publish}, {@link
 * #removeMessage}, {@link #purge}, {@link #expire}, {@link #acknowledged}), each a deterministic
 * function of the stream's state and the operation's own values (timestamps included), so every
 * replica that applies the same operations holds the same stream.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
public final class Stream {
  private final MessageStore store;
  private final StreamContext context;
  private final long createdNanos;
  private final Deduplicator dedup;
  private final Map<String, StreamConsumer> consumers = new LinkedHashMap<>();
  private StreamConfig config;
  private SubjectTransformer inputTransform;
  private Republisher republisher;
  private long lastSeq;
  /** What this stream's PubAcks start with; its name and domain never change. */
  private String pubAckPrefix;
  private String lastMsgId = "";
  private boolean leader = true;

  /**
   * A stream over {@code store} (which may already hold messages, after a restart).
   *
   * @param config a configuration that passed {@link StreamConfigCheck}
   * @param createdNanos when the stream was created
   */
  public Stream(StreamConfig config, MessageStore store, StreamContext context, long createdNanos) {
    this.config = config;
    this.store = store;
    this.context = context;
    this.createdNanos = createdNanos;
    this.dedup = new Deduplicator(config.duplicateWindowNanos());
    this.inputTransform = SubjectTransformer.of(config.subjectTransform());
    this.republisher = Republisher.of(config.republish());
    this.lastSeq = store.state().lastSeq();
    rebuildDedup();
  }

  public String name() {
    return config.name();
  }

  public StreamConfig config() {
    return config;
  }

  public long createdNanos() {
    return createdNanos;
  }

  public MessageStore store() {
    return store;
  }

  public StoreState state() {
    return store.state();
  }

  /** The last sequence assigned (stored, skipped or purged past). */
  public long lastSeq() {
    return lastSeq;
  }

  /**
   * Whether this replica answers publishers. Every replica applies every operation; only the
   * leader sends PubAcks. A stand-alone stream is always its own leader.
   */
  public void setLeader(boolean leader) {
    this.leader = leader;
  }

  public boolean isLeader() {
    return leader;
  }

  // ---------------------------------------------------------------- consumers

  public void addConsumer(StreamConsumer consumer) {
    consumers.put(consumer.name(), consumer);
  }

  public void removeConsumer(String name) {
    consumers.remove(name);
    if (config.retention() == RetentionPolicy.INTEREST) {
      releaseUnwanted(); // nats-server cleans up after a departed consumer on interest streams only
    }
  }

  public Collection<StreamConsumer> consumers() {
    return consumers.values();
  }

  /** The stream's {@code consumer_count}: internal mirror and source consumers do not count. */
  public int consumerCount() {
    int count = 0;
    for (StreamConsumer c : consumers.values()) {
      if (!c.isDirect()) {
        count++;
      }
    }
    return count;
  }

  /** True when some consumer's filters match {@code subject}. */
  public boolean hasInterest(String subject) {
    for (StreamConsumer c : consumers.values()) {
      if (c.isInterestedIn(subject)) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- operations

  /**
   * Applies one operation and returns its result: a {@link PublishOutcome} for a publish or a
   * mirrored message, the number of messages removed for a purge or an expiry, and null otherwise.
   *
   * @throws ApiException when the operation is refused (sealed stream, deletes denied, …)
   */
  public Object apply(StreamOp op) {
    if (op instanceof StreamOp.Publish p) {
      return publish(p.subject(), p.reply(), p.headers(), p.data(), p.timestampNanos());
    } else if (op instanceof StreamOp.DeleteMessage d) {
      removeMessage(d.seq());
      return null;
    } else if (op instanceof StreamOp.Purge p) {
      return purge(p.filter(), p.beforeSeq(), p.keep());
    } else if (op instanceof StreamOp.Expire e) {
      return expire(e.cutoffNanos());
    } else if (op instanceof StreamOp.UpdateConfig u) {
      updateConfig(u.config());
      return null;
    } else if (op instanceof StreamOp.Mirrored m) {
      return storeMirrored(m.seq(), m.subject(), m.headers(), m.data(), m.timestampNanos());
    } else if (op instanceof StreamOp.SkipTo k) {
      skipTo(k.nextSeq());
      return null;
    }
    throw new IllegalArgumentException("unknown stream operation " + op);
  }

  // ---------------------------------------------------------------- publish

  /**
   * Applies one published message, answers {@code reply} (when set, the stream acks, and this
   * replica leads) and returns what happened.
   *
   * @param timestampNanos the time assigned to the message by whoever ordered it
   */
  public PublishOutcome publish(
      String subject, String reply, byte[] headers, byte[] data, long timestampNanos) {
    PublishOutcome outcome = accept(subject, headers, data, timestampNanos);
    respond(reply, outcome);
    return outcome;
  }

  private PublishOutcome accept(String subject, byte[] headers, byte[] data, long ts) {
    headers = headers == null ? new byte[0] : headers;
    data = data == null ? new byte[0] : data;
    if (config.sealed()) {
      return new PublishOutcome.Rejected(JsError.STREAM_SEALED.error());
    }
    subject = inputTransform.apply(subject);
    String msgId = null;
    boolean rollupSubject = false;
    boolean rollupAll = false;
    if (headers.length > 0) {
      String expectedStream = Headers.get(headers, Headers.EXPECTED_STREAM);
      if (expectedStream != null && !expectedStream.isEmpty() && !expectedStream.equals(name())) {
        return new PublishOutcome.Rejected(JsError.STREAM_NOT_MATCH.error());
      }
      msgId = Headers.get(headers, Headers.MSG_ID);
      if (msgId != null && !msgId.isEmpty()) {
        long original = dedup.find(msgId, ts);
        if (original >= 0) {
          return new PublishOutcome.Duplicate(original);
        }
      } else {
        msgId = null;
      }
      PublishOutcome.Rejected expectation = checkExpectations(subject, headers);
      if (expectation != null) {
        return expectation;
      }
      String rollup = Headers.get(headers, Headers.ROLLUP);
      if (rollup != null && !rollup.isEmpty()) {
        if (!config.allowRollup() || config.denyPurge()) {
          return new PublishOutcome.Rejected(
              JsError.STREAM_ROLLUP_FAILED.withError("rollup not permitted"));
        }
        switch (rollup) {
          case "sub" -> rollupSubject = true;
          case "all" -> rollupAll = true;
          default -> {
            return new PublishOutcome.Dropped("rollup value invalid: \"" + rollup + "\"");
          }
        }
      }
    }
    if (config.maxMsgSize() >= 0 && headers.length + data.length > config.maxMsgSize()) {
      return new PublishOutcome.Rejected(JsError.STREAM_MESSAGE_EXCEEDS_MAXIMUM.error());
    }
    if (headers.length > 0xFFFF) {
      return new PublishOutcome.Rejected(JsError.STREAM_HEADER_EXCEEDS_MAXIMUM.error());
    }
    if (config.retention() == RetentionPolicy.INTEREST && !hasInterest(subject)) {
      lastSeq++;
      store.skipTo(lastSeq + 1);
      lastMsgId = msgId == null ? "" : msgId;
      if (msgId != null) {
        dedup.record(msgId, lastSeq, ts);
      }
      return new PublishOutcome.NoInterest(lastSeq);
    }
    String full = discardNewViolation(subject, headers.length, data.length);
    if (full != null) {
      return new PublishOutcome.Rejected(JsError.STREAM_STORE_FAILED.withError(full));
    }
    return storeAccepted(0, subject, headers, data, ts, msgId, rollupSubject ? "sub" : rollupAll ? "all" : null);
  }

  /**
   * Stores a message that passed every check — at the next sequence ({@code seq} 0) or at {@code
   * seq} (mirrors) — then records its id, enforces limits, applies a rollup, republishes it and
   * tells the consumers.
   */
  private PublishOutcome storeAccepted(
      long seq, String subject, byte[] headers, byte[] data, long ts, String msgId, String rollup) {
    long lastOfSubject = republisher.wants(subject) ? lastSequenceOf(subject) : 0;
    if (seq == 0) {
      seq = store.append(subject, headers, data, ts);
    } else {
      store.appendAt(seq, subject, headers, data, ts);
    }
    lastSeq = seq;
    lastMsgId = msgId == null ? "" : msgId;
    if (msgId != null) {
      dedup.record(msgId, seq, ts);
    }
    enforceLimits(subject);
    if ("sub".equals(rollup)) {
      purgeQuietly(subject, 0, 1);
    } else if ("all".equals(rollup)) {
      purgeQuietly("", 0, 1);
    }
    if (leader && republisher.wants(subject)) {
      context.outbox().send(
          republisher.republish(name(), subject, headers, data, seq, ts, lastOfSubject));
    }
    StoredMessage stored = consumers.isEmpty() ? null : store.load(seq);
    if (stored != null) {
      for (StreamConsumer c : List.copyOf(consumers.values())) {
        c.onStored(stored);
      }
    }
    return new PublishOutcome.Stored(seq);
  }

  private long lastSequenceOf(String subject) {
    StoredMessage last = store.loadLast(subject);
    return last == null ? 0 : last.seq();
  }

  private PublishOutcome.Rejected checkExpectations(String subject, byte[] headers) {
    String perSubject = Headers.get(headers, Headers.EXPECTED_LAST_SUBJECT_SEQ);
    if (perSubject != null) {
      long expected = parseSequence(perSubject);
      StoredMessage last = store.loadLast(subject);
      long actual = last == null ? 0 : last.seq();
      if (expected < 0 || actual != expected) {
        return new PublishOutcome.Rejected(
            JsError.STREAM_WRONG_LAST_SEQUENCE.with("seq", Long.toString(actual)));
      }
    }
    String lastSeqHeader = Headers.get(headers, Headers.EXPECTED_LAST_SEQ);
    if (lastSeqHeader != null) {
      long expected = parseSequence(lastSeqHeader);
      if (expected < 0 || expected != lastSeq) {
        return new PublishOutcome.Rejected(
            JsError.STREAM_WRONG_LAST_SEQUENCE.with("seq", Long.toString(lastSeq)));
      }
    }
    String lastId = Headers.get(headers, Headers.EXPECTED_LAST_MSG_ID);
    if (lastId != null && !lastId.isEmpty() && !lastId.equals(lastMsgId)) {
      return new PublishOutcome.Rejected(JsError.STREAM_WRONG_LAST_MSG_ID.with("id", lastMsgId));
    }
    return null;
  }

  /** nats-server reads these headers as plain decimal digits; anything else never matches. */
  private static long parseSequence(String value) {
    if (value.isEmpty() || value.length() > 18) {
      return -1;
    }
    long n = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  /** Why a discard-new stream refuses this message, or null when it fits. */
  private String discardNewViolation(String subject, int headerBytes, int dataBytes) {
    if (config.discard() != DiscardPolicy.NEW) {
      return null;
    }
    SubjectState perSubject = null;
    boolean atSubjectLimit = false;
    if (config.maxMsgsPerSubject() > 0) {
      perSubject = store.filteredState(subject, 0);
      atSubjectLimit = perSubject.messages() >= config.maxMsgsPerSubject();
    }
    if (atSubjectLimit && config.discardNewPerSubject()) {
      return "maximum messages per subject exceeded";
    }
    if (config.retention() != RetentionPolicy.LIMITS && config.replicas() != 1) {
      return null;
    }
    StoreState state = store.state();
    if (config.maxMsgs() > 0 && state.messages() >= config.maxMsgs() && !atSubjectLimit) {
      return "maximum messages exceeded";
    }
    long size = MessageSizes.of(store.type(), subject, headerBytes, dataBytes);
    if (config.maxBytes() > 0 && state.bytes() + size >= config.maxBytes()) {
      if (!atSubjectLimit) {
        return "maximum bytes exceeded";
      }
      StoredMessage oldest = store.load(perSubject.firstSeq());
      long freed =
          oldest == null
              ? 0
              : MessageSizes.of(
                  store.type(), oldest.subject(), oldest.headers().length, oldest.data().length);
      // nats-server's file store refuses unless the replaced message is strictly larger; its
      // memory store also accepts an equal size
      boolean fits = store.type() == dev.jslab.engine.store.StorageType.FILE ? freed > size : freed >= size;
      if (!fits) {
        return "maximum bytes exceeded";
      }
    }
    return null;
  }

  /** Per-subject limits always; message and byte limits when discarding old. */
  private void enforceLimits(String subject) {
    long maxPerSubject = config.maxMsgsPerSubject();
    if (maxPerSubject > 0) {
      SubjectState s = store.filteredState(subject, 0);
      while (s.messages() > maxPerSubject && removeAndNotify(s.firstSeq())) {
        s = store.filteredState(subject, 0);
      }
    }
    if (config.discard() != DiscardPolicy.OLD) {
      return;
    }
    if (config.maxMsgs() > 0) {
      while (store.state().messages() > config.maxMsgs()) {
        removeFirst();
      }
    }
    if (config.maxBytes() > 0) {
      while (store.state().bytes() > config.maxBytes()) {
        removeFirst();
      }
    }
  }

  private void removeFirst() {
    long first = store.state().firstSeq();
    if (!removeAndNotify(first)) {
      throw new IllegalStateException(
          "stream " + name() + " has inconsistent state: no message at first seq " + first);
    }
  }

  private void respond(String reply, PublishOutcome outcome) {
    if (reply == null || reply.isEmpty() || config.noAck() || !leader) {
      return;
    }
    byte[] body = null;
    String domain = context.domain();
    if (pubAckPrefix == null) {
      pubAckPrefix = PubAcks.prefix(name(), domain);
    }
    if (outcome instanceof PublishOutcome.Stored s) {
      body = PubAcks.stored(pubAckPrefix, s.seq());
    } else if (outcome instanceof PublishOutcome.NoInterest s) {
      body = PubAcks.stored(pubAckPrefix, s.seq());
    } else if (outcome instanceof PublishOutcome.Duplicate d) {
      body = PubAcks.duplicate(pubAckPrefix, d.seq());
    } else if (outcome instanceof PublishOutcome.Rejected r) {
      body = PubAcks.error(name(), domain, r.error());
    }
    if (body != null) {
      context.outbox().send(new OutboundMessage(reply, null, null, body));
    }
  }

  // ---------------------------------------------------------------- reading

  /**
   * The message a get request asks for.
   *
   * @throws ApiException 10003 for a malformed request, 10037 when there is no such message
   */
  public StoredMessage get(MessageGetRequest request) {
    request.validate();
    StoredMessage m;
    if (request.seq() > 0 && request.nextFor().isEmpty()) {
      m = store.load(request.seq());
    } else if (!request.nextFor().isEmpty()) {
      m = store.loadNext(request.nextFor(), request.seq());
    } else {
      m = store.loadLast(request.lastFor());
    }
    if (m == null) {
      throw JsError.NO_MESSAGE_FOUND.error().exception();
    }
    return m;
  }

  // ---------------------------------------------------------------- removal

  /**
   * Deletes one message as the {@code STREAM.MSG.DELETE} API does.
   *
   * @throws ApiException sealed (10109), deletes denied (10057), no such message (10043)
   */
  public void removeMessage(long seq) {
    if (config.sealed()) {
      throw JsError.STREAM_SEALED.error().exception();
    }
    if (config.denyDelete()) {
      throw JsError.STREAM_MSG_DELETE_FAILED.withError("message delete not permitted").exception();
    }
    if (!removeAndNotify(seq)) {
      throw JsError.SEQUENCE_NOT_FOUND.with("seq", Long.toString(seq)).exception();
    }
  }

  /**
   * Purges as the {@code STREAM.PURGE} API does and returns how many messages went.
   *
   * @param filter subject filter, empty for all
   * @param beforeSeq purge below this sequence, 0 for no bound
   * @param keep keep this many newest, 0 for none
   * @throws ApiException sealed (10109) or purges denied (10110)
   */
  public long purge(String filter, long beforeSeq, long keep) {
    if (config.sealed()) {
      throw JsError.STREAM_SEALED.error().exception();
    }
    if (config.denyPurge()) {
      throw JsError.STREAM_PURGE_FAILED.withError("stream purge not permitted").exception();
    }
    if (beforeSeq > 0 && keep > 0) {
      throw JsError.BAD_REQUEST.error().exception(); // nats-server takes one or the other
    }
    return purgeQuietly(filter, beforeSeq, keep);
  }

  private long purgeQuietly(String filter, long beforeSeq, long keep) {
    String f = filter == null ? "" : filter;
    long purged = store.purge(f, beforeSeq, keep);
    StoreState state = store.state();
    lastSeq = Math.max(lastSeq, state.lastSeq());
    long first = state.messages() == 0 ? state.lastSeq() + 1 : state.firstSeq();
    if (!f.isEmpty() && !Subjects.REST.equals(f)) {
      SubjectState s = store.filteredState(f, 0);
      first = s.messages() == 0 ? state.lastSeq() + 1 : s.firstSeq();
    }
    for (StreamConsumer c : List.copyOf(consumers.values())) {
      c.onPurged(first, f);
    }
    return purged;
  }

  /** Removes every message stored at or before {@code cutoffNanos}; returns how many. */
  public long expire(long cutoffNanos) {
    long removed = 0;
    while (true) {
      StoreState state = store.state();
      if (state.messages() == 0) {
        return removed;
      }
      StoredMessage first = store.load(state.firstSeq());
      if (first == null || first.timestampNanos() > cutoffNanos) {
        return removed;
      }
      removeAndNotify(first.seq());
      removed++;
    }
  }

  /**
   * When the oldest message reaches {@code max_age}, in the stream's time; -1 when nothing will
   * age out.
   */
  public long nextExpiryNanos() {
    if (config.maxAgeNanos() <= 0) {
      return -1;
    }
    StoreState state = store.state();
    if (state.messages() == 0) {
      return -1;
    }
    return state.firstTimestampNanos() + config.maxAgeNanos();
  }

  /**
   * A consumer acknowledged {@code seq}: work-queue streams drop it, interest streams drop it
   * once no interested consumer still needs it.
   */
  public void acknowledged(String consumer, long seq) {
    switch (config.retention()) {
      case LIMITS -> {}
      case WORK_QUEUE -> removeAndNotify(seq);
      case INTEREST -> {
        StoredMessage m = store.load(seq);
        if (m != null && noConsumerNeeds(m)) {
          removeAndNotify(seq);
        }
      }
    }
  }

  private boolean noConsumerNeeds(StoredMessage m) {
    for (StreamConsumer c : consumers.values()) {
      if (c.isInterestedIn(m.subject()) && !c.hasAcknowledged(m.seq())) {
        return false;
      }
    }
    return true;
  }

  /** Interest retention after a consumer left: drop what nobody still needs. */
  private void releaseUnwanted() {
    StoreState state = store.state();
    List<Long> drop = new ArrayList<>();
    for (long seq = state.firstSeq(); seq <= state.lastSeq(); seq++) {
      StoredMessage m = store.load(seq);
      if (m != null && noConsumerNeeds(m)) {
        drop.add(seq);
      }
    }
    drop.forEach(this::removeAndNotify);
  }

  /** Removes one message and tells the consumers; false when there was none. */
  private boolean removeAndNotify(long seq) {
    StoredMessage m = store.load(seq);
    if (m == null || !store.remove(seq)) {
      return false;
    }
    for (StreamConsumer c : List.copyOf(consumers.values())) {
      c.onRemoved(seq, m.subject());
    }
    return true;
  }

  // ---------------------------------------------------------------- config

  /** Applies an update that passed {@link StreamConfigCheck#checkUpdate}. */
  public void updateConfig(StreamConfig updated) {
    boolean becomesInterest =
        updated.retention() == RetentionPolicy.INTEREST && config.retention() != RetentionPolicy.INTEREST;
    this.config = updated;
    if (becomesInterest) {
      releaseUnwanted();
    }
    dedup.setWindow(updated.duplicateWindowNanos());
    inputTransform = SubjectTransformer.of(updated.subjectTransform());
    republisher = Republisher.of(updated.republish());
    enforceAllLimits();
  }

  private void enforceAllLimits() {
    if (config.maxMsgsPerSubject() > 0) {
      for (String subject : store.subjectsState(">").keySet()) {
        enforceLimits(subject);
      }
    } else {
      enforceLimits("");
    }
  }

  /** The Nats-Msg-Id window survives restarts by reading the ids of recent messages. */
  private void rebuildDedup() {
    StoreState state = store.state();
    if (state.messages() == 0 || config.duplicateWindowNanos() <= 0) {
      return;
    }
    long since = state.lastTimestampNanos() - config.duplicateWindowNanos();
    long from = store.seqAtOrAfter(since);
    for (long seq = from; seq <= state.lastSeq(); seq++) {
      StoredMessage m = store.load(seq);
      if (m != null && m.hasHeaders()) {
        String id = Headers.get(m.headers(), Headers.MSG_ID);
        if (id != null && !id.isEmpty()) {
          dedup.record(id, seq, m.timestampNanos());
          if (seq == state.lastSeq()) {
            lastMsgId = id; // as nats-server: only the very last message names the last id
          }
        }
      }
    }
  }

  /** The {@code Nats-Msg-Id}s in the duplicate window, oldest first (a replica's snapshot). */
  public List<SeenId> seenIds() {
    return dedup.seen();
  }

  /** The id of the last message stored, "" when it had none ({@code Nats-Expected-Last-Msg-Id}). */
  public String lastMsgId() {
    return lastMsgId;
  }

  /**
   * The store was filled from outside the stream (a replica catching up from another): the stream
   * takes its last sequence from the store again, and the ids of a snapshot it did not see stored
   * ({@code lastMsgId} null: keeps its own).
   */
  public void storeFilled(List<SeenId> ids, String lastMsgId) {
    lastSeq = Math.max(lastSeq, store.state().lastSeq());
    dedup.recordAbsent(ids);
    if (lastMsgId != null) {
      this.lastMsgId = lastMsgId;
    }
  }

  /** The ids in the duplicate window (for tests and the explorer). */
  int dedupSize() {
    return dedup.size();
  }

  /** For callers that reject with an error outcome. */
  static PublishOutcome rejected(ApiError error) {
    return new PublishOutcome.Rejected(error);
  }

  // ---------------------------------------------------------------- mirroring

  /**
   * Stores a message a mirror copied, at the origin's sequence {@code seq} and with the origin's
   * timestamp, as nats-server's publish path stores it for a mirror (expecting {@code seq - 1} as
   * the last sequence). Sealing, rollups, size limits, interest retention, discard policies, limits
   * and consumers apply; the subject transform, {@code Nats-Expected-*} and deduplication checks do
   * not (the origin applied them when it stored the message).
   *
   * @return stored or skipped (no interest) at {@code seq}; rejected with 10063 when {@code seq}
   *     does not follow the last sequence, or with the error the publish path gives
   */
  public PublishOutcome storeMirrored(
      long seq, String subject, byte[] headers, byte[] data, long timestampNanos) {
    headers = headers == null ? new byte[0] : headers;
    data = data == null ? new byte[0] : data;
    if (config.sealed()) {
      return new PublishOutcome.Rejected(JsError.STREAM_SEALED.error());
    }
    if (seq != lastSeq + 1) {
      return new PublishOutcome.Rejected(JsError.STREAM_SEQUENCE_NOT_MATCH.error());
    }
    String msgId = headers.length > 0 ? Headers.get(headers, Headers.MSG_ID) : null;
    msgId = msgId == null || msgId.isEmpty() ? null : msgId;
    String rollup = headers.length > 0 ? Headers.get(headers, Headers.ROLLUP) : null;
    if (rollup != null && !rollup.isEmpty()) {
      if (!config.allowRollup() || config.denyPurge()) {
        return new PublishOutcome.Rejected(JsError.STREAM_ROLLUP_FAILED.withError("rollup not permitted"));
      }
      if (!"sub".equals(rollup) && !"all".equals(rollup)) {
        return new PublishOutcome.Dropped("rollup value invalid: \"" + rollup + "\"");
      }
    }
    if (config.maxMsgSize() >= 0 && headers.length + data.length > config.maxMsgSize()) {
      return new PublishOutcome.Rejected(JsError.STREAM_MESSAGE_EXCEEDS_MAXIMUM.error());
    }
    if (headers.length > 0xFFFF) {
      return new PublishOutcome.Rejected(JsError.STREAM_HEADER_EXCEEDS_MAXIMUM.error());
    }
    if (config.retention() == RetentionPolicy.INTEREST && !hasInterest(subject)) {
      skipTo(seq + 1);
      lastMsgId = msgId == null ? "" : msgId;
      return new PublishOutcome.NoInterest(seq);
    }
    String full = discardNewViolation(subject, headers.length, data.length);
    if (full != null) {
      return new PublishOutcome.Rejected(JsError.STREAM_STORE_FAILED.withError(full));
    }
    return storeAccepted(seq, subject, headers, data, timestampNanos, msgId, rollup);
  }

  /**
   * Moves the last sequence so the next message gets {@code nextSeq}, storing nothing; nothing
   * happens when it is not ahead. A mirror skips the sequences its origin no longer has this way.
   */
  public void skipTo(long nextSeq) {
    if (nextSeq - 1 <= lastSeq) {
      return;
    }
    store.skipTo(nextSeq);
    lastSeq = nextSeq - 1;
  }
}
