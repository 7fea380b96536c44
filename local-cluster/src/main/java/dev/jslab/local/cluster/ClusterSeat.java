package dev.jslab.local.cluster;

import dev.jslab.engine.api.handler.JsApi;
import dev.jslab.engine.cluster.ClusterHost;
import dev.jslab.engine.cluster.JetStreamCluster;
import dev.jslab.engine.jetstream.JetStream;
import dev.jslab.engine.monitor.RaftGroupFacts;
import dev.jslab.engine.raft.FileRaftStorage;
import dev.jslab.engine.raft.InMemoryRaftStorage;
import dev.jslab.engine.raft.MapDbRaftStorage;
import dev.jslab.engine.raft.RaftEvent;
import dev.jslab.engine.raft.RaftMessage;
import dev.jslab.engine.raft.RaftStatus;
import dev.jslab.engine.raft.RaftStorage;
import dev.jslab.engine.raft.RaftTimings;
import dev.jslab.engine.time.Scheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A node's seat in its cluster across its starts and stops: while the node runs it seats the
 * node's {@link JetStreamCluster} (its meta member and its stream replicas); it keeps each Raft
 * group's state where it survives restarts (MapDB files under {@code <data>/raft}, or memory kept
 * across restarts for a node that may write nothing to disk and for memory streams), carries the
 * groups' messages over the cluster network, and takes the node off the network while it is down.
 *
 * <p>Confined to the node's thread, except {@link #view()} and {@link #streamLeaders()}, volatile
 * reads.
 */
final class ClusterSeat implements ClusterHost {
  /** Who hears what the seat sees change, on the node's thread. */
  interface Observer {
    /** The node's view of the meta group changed (role, term or leader). */
    void metaChanged(MetaView view);

    /** The replicated streams the node holds, or the leaders it knows of them, changed. */
    void streamLeadersChanged(Map<String, String> leaders);

    /**
     * Something happened in one of the node's Raft groups — a role or term change, an election, a
     * vote, a lost quorum, a snapshot, a membership change, a handover — but not the log's
     * progress (appends, commits), which is read from the groups' status instead.
     */
    void raftEvent(RaftEvent event);
  }

  private final String node;
  private final String clusterName;
  private final Path dataDir;
  private final boolean memory;
  private final ClusterNetwork network;
  private final List<String> members;
  private final RaftTimings timings;
  private final Scheduler scheduler;
  private final Observer observer;
  /** One frame per destination for the Raft messages of one task of the node's thread. */
  private final FrameBatcher<ClusterNetwork.GroupMessage> frames;
  /** Raft state kept in memory across the node's restarts, by group. */
  private final Map<String, InMemoryRaftStorage> kept = new HashMap<>();
  /** Open stream and consumer groups' stores, forced to disk on the node's sync interval. */
  private final java.util.Set<FileRaftStorage> unforced = new java.util.LinkedHashSet<>();
  private dev.jslab.engine.time.Timer syncTimer;
  private JetStreamCluster cluster;
  /** Set while the node stops in a power cut. */
  private boolean powerCut;
  private volatile Optional<MetaView> view = Optional.empty();
  private volatile Map<String, String> streamLeaders = Map.of();

  ClusterSeat(
      String node,
      String clusterName,
      Path dataDir,
      boolean memory,
      ClusterNetwork network,
      List<String> members,
      RaftTimings timings,
      Scheduler scheduler,
      java.util.concurrent.Executor nodeThread,
      Observer observer) {
    this.observer = observer;
    this.node = node;
    this.clusterName = clusterName;
    this.dataDir = dataDir;
    this.memory = memory;
    this.network = network;
    this.members = List.copyOf(members);
    this.timings = timings;
    this.scheduler = scheduler;
    this.frames =
        new FrameBatcher<>(
            nodeThread,
            (to, messages) -> network.send(
                node, to, messages.size() == 1 ? messages.get(0) : new ClusterNetwork.GroupBatch(messages)));
    network.setDown(node, true);
  }

  /** The node runs (its {@code starts}-th start) with {@code js} and {@code api}: it takes its seat. */
  void start(long starts, JetStream js, JsApi api) {
    cluster =
        new JetStreamCluster(
            new JetStreamCluster.Membership(node, clusterName, members, timings),
            this,
            scheduler,
            js,
            api,
            openGroup("_meta_", false),
            new SplittableRandom(node.hashCode() * 7919L + starts),
            this::refresh);
    refresh();
    network.setDown(node, false);
    scheduleSync();
  }

  /** Forces the groups' logs to disk every sync interval, as nats-server syncs its Raft logs. */
  private void scheduleSync() {
    syncTimer = scheduler.schedule(dev.jslab.engine.jetstream.SyncPolicy.DEFAULT_INTERVAL.intervalNanos(), () -> {
      unforced.forEach(FileRaftStorage::forceToDisk);
      scheduleSync();
    });
  }

  /**
   * The node stops; {@code crash}: as a killed process (what was not committed is lost); {@code
   * powerCut} too: the groups' logs lose what was not yet forced to disk.
   */
  void stop(boolean crash, boolean powerCut) {
    this.powerCut = powerCut;
    network.setDown(node, true);
    if (syncTimer != null) {
      syncTimer.cancel();
      syncTimer = null;
    }
    if (cluster != null) {
      cluster.close(crash);
      cluster = null;
    }
    view = Optional.empty();
    streamLeaders = Map.of();
  }

  /** A message of one of the node's groups arrived. */
  void receive(ClusterNetwork.GroupMessage message) {
    if (cluster != null) {
      cluster.receive(message.group(), message.message());
    }
  }

  /** Hands over meta leadership if the node has it. */
  void stepDown() {
    if (cluster != null) {
      cluster.stepDownMeta();
    }
  }

  /** Hands over leadership of {@code stream} if the node has it; false otherwise. */
  boolean stepDownStream(String stream) {
    return cluster != null && cluster.stepDownStream(stream);
  }

  /** The node's view of the meta group while it runs. Any thread. */
  Optional<MetaView> view() {
    return view;
  }

  /** The streams the node holds a replica of, with the leader it knows ("" for none). Any thread. */
  Map<String, String> streamLeaders() {
    return streamLeaders;
  }

  /** What {@code /raftz} shows of the node's groups, while it runs. */
  List<RaftGroupFacts> facts() {
    if (cluster == null) {
      return List.of();
    }
    List<RaftGroupFacts> facts = new ArrayList<>();
    for (RaftGroupView g : groups("")) {
      boolean meta = g.asset().equals("_meta_");
      facts.add(new RaftGroupFacts(
          g.status(), meta ? cluster.metaEverHadLeader() : g.status().leader().isPresent()));
    }
    return facts;
  }

  /**
   * Every Raft group the node is a member of while it runs, the meta group first, then its
   * streams' and consumers' groups; empty when it does not run.
   */
  List<RaftGroupView> groups(String domain) {
    if (cluster == null) {
      return List.of();
    }
    List<RaftGroupView> all = new ArrayList<>();
    cluster.groupStatuses().forEach((asset, status) -> all.add(new RaftGroupView(asset, status, domain)));
    return all;
  }

  private void refresh() {
    if (cluster == null) {
      return;
    }
    RaftStatus st = cluster.metaStatus();
    MetaView now =
        new MetaView(st.role().name().toLowerCase(Locale.ROOT).replace('_', '-'), st.term(), st.leader());
    Map<String, String> leaders = Map.copyOf(cluster.streamLeaders());
    if (!Optional.of(now).equals(view)) {
      view = Optional.of(now);
      observer.metaChanged(now);
    }
    if (!leaders.equals(streamLeaders)) {
      streamLeaders = leaders;
      observer.streamLeadersChanged(leaders);
    }
  }

  // ---------------------------------------------------------------- ClusterHost

  @Override
  public void raftEvent(RaftEvent event) {
    if (!(event instanceof RaftEvent.EntriesAppended
        || event instanceof RaftEvent.CommitAdvanced
        || event instanceof RaftEvent.EntriesRejected)) {
      observer.raftEvent(event); // the log's progress is too frequent to publish one by one
    }
  }

  @Override
  public void send(String to, String group, RaftMessage message) {
    frames.send(to, new ClusterNetwork.GroupMessage(group, message));
  }

  @Override
  public RaftStorage openGroup(String group, boolean memoryStream) {
    if (memory || memoryStream) {
      return kept.computeIfAbsent(group, g -> new InMemoryRaftStorage());
    }
    if (group.equals("_meta_")) {
      return MapDbRaftStorage.open(file(group)); // rare changes: forced at once
    }
    // a stream's or consumer's log takes every publish or ack: plain appends, forced on the
    // node's sync interval, as nats-server's Raft WAL (MapDB would force every commit)
    FileRaftStorage stored = FileRaftStorage.open(dataDir.resolve("raft").resolve(group));
    unforced.add(stored);
    return stored;
  }

  @Override
  public void closeGroup(String group, RaftStorage storage, boolean crash) {
    if (storage instanceof MapDbRaftStorage stored) {
      if (crash) {
        stored.crash();
      } else {
        stored.close();
      }
    } else if (storage instanceof FileRaftStorage stored) {
      unforced.remove(stored);
      if (powerCut) {
        stored.powerLoss();
      } else if (crash) {
        stored.crash();
      } else {
        stored.close(); // a clean stop leaves everything on disk
      }
    }
  }

  @Override
  public void deleteGroup(String group, RaftStorage storage) {
    kept.remove(group);
    if (storage instanceof FileRaftStorage stored) {
      unforced.remove(stored);
      stored.crash();
      FileRaftStorage.delete(dataDir.resolve("raft").resolve(group));
    } else if (storage instanceof MapDbRaftStorage stored) {
      stored.close();
      Path file = file(group);
      // the store and its write-ahead log files (<group>.db.wal.N) go together
      try (var siblings = Files.list(file.getParent())) {
        for (Path p : siblings.filter(p -> p.getFileName().toString().startsWith(file.getFileName().toString())).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete the Raft state of " + group, e);
      }
    }
  }

  private Path file(String group) {
    return dataDir.resolve("raft").resolve(group + ".db");
  }
}
