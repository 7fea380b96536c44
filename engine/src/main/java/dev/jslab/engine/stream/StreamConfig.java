package dev.jslab.engine.stream;

import dev.jslab.engine.store.StorageType;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A stream's configuration: the 2.10 field set of nats-server's {@code StreamConfig}, one
 * component per JSON field. Durations are nanoseconds; -1 means unlimited; absent nested objects
 * are null. Immutable; build one with {@link #builder(String)} or change one with {@link
 * #toBuilder()}. {@link StreamConfigCheck} validates and fills defaults as nats-server does.
 */
public record StreamConfig(
    String name,
    String description,
    List<String> subjects,
    RetentionPolicy retention,
    int maxConsumers,
    long maxMsgs,
    long maxBytes,
    long maxAgeNanos,
    long maxMsgsPerSubject,
    int maxMsgSize,
    DiscardPolicy discard,
    StorageType storage,
    int replicas,
    boolean noAck,
    String templateOwner,
    long duplicateWindowNanos,
    Placement placement,
    StreamSource mirror,
    List<StreamSource> sources,
    Compression compression,
    long firstSeq,
    SubjectTransform subjectTransform,
    Republish republish,
    boolean allowDirect,
    boolean mirrorDirect,
    boolean discardNewPerSubject,
    boolean sealed,
    boolean denyDelete,
    boolean denyPurge,
    boolean allowRollup,
    ConsumerLimits consumerLimits,
    Map<String, String> metadata) {

  public StreamConfig {
    Objects.requireNonNull(name, "name");
    subjects = subjects == null ? List.of() : List.copyOf(subjects);
    sources = sources == null ? List.of() : List.copyOf(sources);
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    retention = retention == null ? RetentionPolicy.LIMITS : retention;
    discard = discard == null ? DiscardPolicy.OLD : discard;
    storage = storage == null ? StorageType.FILE : storage;
    compression = compression == null ? Compression.NONE : compression;
    consumerLimits = consumerLimits == null ? ConsumerLimits.NONE : consumerLimits;
    description = description == null ? "" : description;
    templateOwner = templateOwner == null ? "" : templateOwner;
  }

  /** A configuration named {@code name} with every other field at its zero value. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** True when this stream copies another one. */
  public boolean isMirror() {
    return mirror != null;
  }

  /** Builds {@link StreamConfig}s. Not thread-safe. */
  public static final class Builder {
    private String name;
    private String description;
    private List<String> subjects = List.of();
    private RetentionPolicy retention = RetentionPolicy.LIMITS;
    private int maxConsumers;
    private long maxMsgs;
    private long maxBytes;
    private long maxAgeNanos;
    private long maxMsgsPerSubject;
    private int maxMsgSize;
    private DiscardPolicy discard = DiscardPolicy.OLD;
    private StorageType storage = StorageType.FILE;
    private int replicas;
    private boolean noAck;
    private String templateOwner;
    private long duplicateWindowNanos;
    private Placement placement;
    private StreamSource mirror;
    private List<StreamSource> sources = List.of();
    private Compression compression = Compression.NONE;
    private long firstSeq;
    private SubjectTransform subjectTransform;
    private Republish republish;
    private boolean allowDirect;
    private boolean mirrorDirect;
    private boolean discardNewPerSubject;
    private boolean sealed;
    private boolean denyDelete;
    private boolean denyPurge;
    private boolean allowRollup;
    private ConsumerLimits consumerLimits = ConsumerLimits.NONE;
    private Map<String, String> metadata = Map.of();

    private Builder(String name) {
      this.name = name;
    }

    private Builder(StreamConfig c) {
      name = c.name;
      description = c.description;
      subjects = c.subjects;
      retention = c.retention;
      maxConsumers = c.maxConsumers;
      maxMsgs = c.maxMsgs;
      maxBytes = c.maxBytes;
      maxAgeNanos = c.maxAgeNanos;
      maxMsgsPerSubject = c.maxMsgsPerSubject;
      maxMsgSize = c.maxMsgSize;
      discard = c.discard;
      storage = c.storage;
      replicas = c.replicas;
      noAck = c.noAck;
      templateOwner = c.templateOwner;
      duplicateWindowNanos = c.duplicateWindowNanos;
      placement = c.placement;
      mirror = c.mirror;
      sources = c.sources;
      compression = c.compression;
      firstSeq = c.firstSeq;
      subjectTransform = c.subjectTransform;
      republish = c.republish;
      allowDirect = c.allowDirect;
      mirrorDirect = c.mirrorDirect;
      discardNewPerSubject = c.discardNewPerSubject;
      sealed = c.sealed;
      denyDelete = c.denyDelete;
      denyPurge = c.denyPurge;
      allowRollup = c.allowRollup;
      consumerLimits = c.consumerLimits;
      metadata = c.metadata;
    }

    public Builder name(String v) { name = v; return this; }
    public Builder description(String v) { description = v; return this; }
    public Builder subjects(String... v) { subjects = List.of(v); return this; }
    public Builder subjects(List<String> v) { subjects = v; return this; }
    public Builder retention(RetentionPolicy v) { retention = v; return this; }
    public Builder maxConsumers(int v) { maxConsumers = v; return this; }
    public Builder maxMsgs(long v) { maxMsgs = v; return this; }
    public Builder maxBytes(long v) { maxBytes = v; return this; }
    public Builder maxAgeNanos(long v) { maxAgeNanos = v; return this; }
    public Builder maxMsgsPerSubject(long v) { maxMsgsPerSubject = v; return this; }
    public Builder maxMsgSize(int v) { maxMsgSize = v; return this; }
    public Builder discard(DiscardPolicy v) { discard = v; return this; }
    public Builder storage(StorageType v) { storage = v; return this; }
    public Builder replicas(int v) { replicas = v; return this; }
    public Builder noAck(boolean v) { noAck = v; return this; }
    public Builder templateOwner(String v) { templateOwner = v; return this; }
    public Builder duplicateWindowNanos(long v) { duplicateWindowNanos = v; return this; }
    public Builder placement(Placement v) { placement = v; return this; }
    public Builder mirror(StreamSource v) { mirror = v; return this; }
    public Builder sources(List<StreamSource> v) { sources = v; return this; }
    public Builder sources(StreamSource... v) { sources = List.of(v); return this; }
    public Builder compression(Compression v) { compression = v; return this; }
    public Builder firstSeq(long v) { firstSeq = v; return this; }
    public Builder subjectTransform(SubjectTransform v) { subjectTransform = v; return this; }
    public Builder republish(Republish v) { republish = v; return this; }
    public Builder allowDirect(boolean v) { allowDirect = v; return this; }
    public Builder mirrorDirect(boolean v) { mirrorDirect = v; return this; }
    public Builder discardNewPerSubject(boolean v) { discardNewPerSubject = v; return this; }
    public Builder sealed(boolean v) { sealed = v; return this; }
    public Builder denyDelete(boolean v) { denyDelete = v; return this; }
    public Builder denyPurge(boolean v) { denyPurge = v; return this; }
    public Builder allowRollup(boolean v) { allowRollup = v; return this; }
    public Builder consumerLimits(ConsumerLimits v) { consumerLimits = v; return this; }
    public Builder metadata(Map<String, String> v) { metadata = v; return this; }

    public StreamConfig build() {
      return new StreamConfig(
          name, description, subjects, retention, maxConsumers, maxMsgs, maxBytes, maxAgeNanos,
          maxMsgsPerSubject, maxMsgSize, discard, storage, replicas, noAck, templateOwner,
          duplicateWindowNanos, placement, mirror, sources, compression, firstSeq,
          subjectTransform, republish, allowDirect, mirrorDirect, discardNewPerSubject, sealed,
          denyDelete, denyPurge, allowRollup, consumerLimits, metadata);
    }
  }
}
