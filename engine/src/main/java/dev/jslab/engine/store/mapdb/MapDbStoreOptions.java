package dev.jslab.engine.store.mapdb;

/**
 * How a {@link MapDbMessageStore} lays out its files. Immutable.
 *
 * @param blockMaxMessages a block is sealed (written to MapDB and committed) at this many messages
 * @param blockMaxBytes ... or when its encoding reaches this many bytes; the open block is what a
 *     crash loses, so these also bound that loss
 * @param blocksPerSegment blocks per segment file; a segment's file is deleted once all of its
 *     messages are removed, so this is the granularity at which disk space comes back
 * @param removalsPerCommit interior removals (tombstones) buffered before the store commits them
 * @param cachedBlocks decoded blocks kept in memory for reads
 * @param fsync whether a MapDB commit forces the data file to disk. Off only where no real power
 *     cut matters (tests, simulations): crashes and power cuts the lab simulates behave the same
 */
public record MapDbStoreOptions(
    int blockMaxMessages,
    int blockMaxBytes,
    int blocksPerSegment,
    int removalsPerCommit,
    int cachedBlocks,
    boolean fsync) {

  /** 16 Ki messages or 1 MiB per block, 32 blocks per segment, fsync on. */
  public static final MapDbStoreOptions DEFAULTS =
      new MapDbStoreOptions(16_384, 1 << 20, 32, 16_384, 4, true);

  public MapDbStoreOptions {
    positive("blockMaxMessages", blockMaxMessages);
    positive("blockMaxBytes", blockMaxBytes);
    positive("blocksPerSegment", blocksPerSegment);
    positive("removalsPerCommit", removalsPerCommit);
    positive("cachedBlocks", cachedBlocks);
  }

  /** These options with fsync turned on or off. */
  public MapDbStoreOptions withFsync(boolean on) {
    return new MapDbStoreOptions(
        blockMaxMessages, blockMaxBytes, blocksPerSegment, removalsPerCommit, cachedBlocks, on);
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1: " + value);
    }
  }
}
