package dev.graphlet.advisor.topology;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A write-behind cache of live objects in front of a Kafka Streams key-value store, for the large, often-rewritten
 * values of the graphlet processor (open graphlets, pipeline summaries, the task's model).
 *
 * <p>Kafka Streams' own record cache holds serialized bytes, so every {@code put} serializes the whole value and every
 * {@code get} deserializes it: for a graphlet touched by twenty events within one commit interval, that is twenty
 * round trips where one would do. Here {@code get} hands out the cached object itself and {@code put} just keeps the
 * reference; the dirty objects are written to the store below when Kafka Streams flushes caches before it commits
 * (so the changelog is complete within each transaction, as exactly-once requires), when the cache holds more than
 * {@code maxEntries} objects, and before a range scan. After a flush the cache is emptied, so memory is bounded by what
 * one commit interval touches.
 *
 * <p>Contract for the processor: an object taken from {@code get} and changed must be {@code put} (the assembler
 * does); changes are seen by later {@code get}s of the same task at once. Interactive queries go through
 * {@link #query} to the store below: they see state as of the last flush (at most one commit interval old) and
 * never touch the live objects, which belong to the stream thread.
 *
 * <p>The flush hook is Kafka Streams' {@code CachedStateStore} (an internal interface the state manager calls on every
 * store before a commit); {@code ObjectCachingStoreTest} pins that a commit writes the changelog.
 */
final class ObjectCachingStore<K, V> implements KeyValueStore<K, V>, CachedStateStore<K, V> {

    private static final Object DELETED = new Object();

    private final KeyValueStore<K, V> inner;
    private final int maxEntries;
    private final Map<K, Object> live = new HashMap<>();
    private final Map<K, Boolean> dirty = new HashMap<>();

    ObjectCachingStore(KeyValueStore<K, V> inner, int maxEntries) {
        this.inner = inner;
        this.maxEntries = maxEntries;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        forget();
        inner.init(context, root);
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(K key) {
        Object value = live.get(key);
        if (value == null) {
            V stored = inner.get(key);
            if (stored == null) {
                return null; // absent keys are not cached: lookups of unknown ids would fill the cache
            }
            remember(key, stored, false);
            return stored;
        }
        return value == DELETED ? null : (V) value;
    }

    @Override
    public void put(K key, V value) {
        remember(key, value == null ? DELETED : value, true);
    }

    @Override
    public V putIfAbsent(K key, V value) {
        V current = get(key);
        if (current == null) {
            put(key, value);
        }
        return current;
    }

    @Override
    public void putAll(List<KeyValue<K, V>> entries) {
        entries.forEach(entry -> put(entry.key, entry.value));
    }

    @Override
    public V delete(K key) {
        V current = get(key);
        remember(key, DELETED, true);
        return current;
    }

    private void remember(K key, Object value, boolean changed) {
        live.put(key, value);
        if (changed) {
            dirty.put(key, Boolean.TRUE);
        }
        if (live.size() > maxEntries) {
            writeBack();
            forget();
        }
    }

    /** Writes every changed object to the store below (serializing it once, however often it changed). */
    @SuppressWarnings("unchecked")
    private void writeBack() {
        for (K key : dirty.keySet()) {
            Object value = live.get(key);
            if (value == DELETED) {
                inner.delete(key);
            } else {
                inner.put(key, (V) value);
            }
        }
        dirty.clear();
    }

    private void forget() {
        live.clear();
        dirty.clear();
    }

    // ---- reads of many keys: from the store below, after writing back ------------------------------------------

    @Override
    public KeyValueIterator<K, V> range(K from, K to) {
        writeBack();
        return inner.range(from, to);
    }

    @Override
    public KeyValueIterator<K, V> reverseRange(K from, K to) {
        writeBack();
        return inner.reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<K, V> all() {
        writeBack();
        return inner.all();
    }

    @Override
    public KeyValueIterator<K, V> reverseAll() {
        writeBack();
        return inner.reverseAll();
    }

    @Override
    public long approximateNumEntries() {
        writeBack();
        return inner.approximateNumEntries();
    }

    // ---- commits ----------------------------------------------------------------------------------------------

    /** Called by the state manager before every commit: the changed objects go down, then the record cache out. */
    @Override
    @SuppressWarnings("unchecked")
    public void flushCache() {
        writeBack();
        forget();
        if (inner instanceof CachedStateStore<?, ?> cached) {
            cached.flushCache();
        }
    }

    @Override
    public void flush() {
        writeBack();
        forget();
        inner.flush();
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        writeBack();
        forget();
        inner.commit(changelogOffsets);
    }

    /** A dirty close (the task is corrupted or lost): what was not committed is dropped, as the record cache's is. */
    @Override
    public void clearCache() {
        forget();
        if (inner instanceof CachedStateStore<?, ?> cached) {
            cached.clearCache();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean setFlushListener(CacheFlushListener<K, V> listener, boolean sendOldValues) {
        return inner instanceof CachedStateStore<?, ?> cached
                && ((CachedStateStore<K, V>) cached).setFlushListener(listener, sendOldValues);
    }

    @Override
    public void close() {
        forget(); // a clean close has committed (and so flushed) first
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public boolean managesOffsets() {
        return inner.managesOffsets();
    }

    @Override
    public Long committedOffset(TopicPartition partition) {
        return inner.committedOffset(partition);
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return inner.query(query, positionBound, config);
    }

    @Override
    public org.apache.kafka.streams.query.Position getPosition() {
        return inner.getPosition();
    }

    /** Puts the object cache in front of the stores another builder makes. */
    static <K, V> StoreBuilder<ObjectCachingStore<K, V>> builder(StoreBuilder<KeyValueStore<K, V>> inner, int maxEntries) {
        return new StoreBuilder<>() {
            @Override
            public StoreBuilder<ObjectCachingStore<K, V>> withCachingEnabled() {
                inner.withCachingEnabled();
                return this;
            }

            @Override
            public StoreBuilder<ObjectCachingStore<K, V>> withCachingDisabled() {
                inner.withCachingDisabled();
                return this;
            }

            @Override
            public StoreBuilder<ObjectCachingStore<K, V>> withLoggingEnabled(Map<String, String> config) {
                inner.withLoggingEnabled(config);
                return this;
            }

            @Override
            public StoreBuilder<ObjectCachingStore<K, V>> withLoggingDisabled() {
                inner.withLoggingDisabled();
                return this;
            }

            @Override
            public ObjectCachingStore<K, V> build() {
                return new ObjectCachingStore<>(inner.build(), maxEntries);
            }

            @Override
            public Map<String, String> logConfig() {
                return inner.logConfig();
            }

            @Override
            public boolean loggingEnabled() {
                return inner.loggingEnabled();
            }

            @Override
            public String name() {
                return inner.name();
            }
        };
    }
}
