package dev.jslab.engine.consumer;

import java.util.Optional;

/**
 * Memory storage for a consumer's state, as nats-server's consumer memory store: it is the
 * consumer's own state object, nothing is copied on save, and nothing survives the process.
 * Loading gives a copy, so a consumer rebuilt from it (a new leader, a restart inside the same
 * process) does not share the object.
 *
 * <p>Not thread-safe: confined to the node's executor.
 */
public final class MemoryConsumerStateStore implements ConsumerStateStore {
  private ConsumerState state;
  private boolean closed;

  /** An empty store. */
  public MemoryConsumerStateStore() {}

  /** A store holding a copy of {@code state}, as a restarted node would find it. */
  public MemoryConsumerStateStore(ConsumerState state) {
    this.state = state == null ? null : state.copy();
  }

  @Override
  public Optional<ConsumerState> load() {
    return state == null ? Optional.empty() : Optional.of(state.copy());
  }

  @Override
  public void save(ConsumerState state) {
    if (closed) {
      throw new IllegalStateException("consumer state store is closed");
    }
    this.state = state;
  }

  /** Keeps a frozen copy, as a clean stop would leave it. */
  @Override
  public void close() {
    if (state != null && !closed) {
      state = state.copy();
    }
    closed = true;
  }

  /** Memory does not survive a crash. */
  @Override
  public void crash() {
    state = null;
    closed = true;
  }

  @Override
  public void delete() {
    state = null;
    closed = true;
  }

  /** True after close, crash or delete. */
  public boolean isClosed() {
    return closed;
  }
}
