/** File storage on MapDB: transactional, memory-mapped stores with explicit serializers. */
package dev.jslab.engine.store.mapdb;
