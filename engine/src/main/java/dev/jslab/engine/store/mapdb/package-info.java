/**
 * File storage on MapDB: transactional, memory-mapped stores with explicit serializers. {@link
 * dev.jslab.engine.store.mapdb.MapDbMessageStore} keeps a stream's messages in checksummed blocks
 * grouped into segment files; {@link dev.jslab.engine.store.mapdb.NodeMetaStore} keeps a node's
 * own record.
 */
package dev.jslab.engine.store.mapdb;
