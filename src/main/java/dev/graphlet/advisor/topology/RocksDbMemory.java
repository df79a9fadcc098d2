package dev.graphlet.advisor.topology;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the RocksDB memory of all of one application instance's stores: one block cache, with memtables
 * charged to it, and index and filter blocks cached there too (the bounded-memory set-up Kafka Streams
 * documents). The shared cache travels to each store's config setter through the Streams configuration.
 */
public final class RocksDbMemory implements AutoCloseable {

    public static final String CONFIG_KEY = "advisor.internal.rocksdb-memory";

    private final Cache cache;
    private final WriteBufferManager writeBuffers;

    public RocksDbMemory(long totalBytes) {
        RocksDB.loadLibrary();
        this.cache = new LRUCache(totalBytes, -1, false, 0.1);
        this.writeBuffers = new WriteBufferManager(totalBytes / 2, cache);
    }

    @Override
    public void close() {
        writeBuffers.close();
        cache.close();
    }

    /** Kafka Streams instantiates this per store; it applies the instance's shared memory bound. */
    public static final class ConfigSetter implements RocksDBConfigSetter {
        @Override
        public void setConfig(String storeName, Options options, Map<String, Object> configs) {
            Object shared = configs.get(CONFIG_KEY);
            if (!(shared instanceof RocksDbMemory memory)) {
                return;
            }
            BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
            table.setBlockCache(memory.cache);
            table.setCacheIndexAndFilterBlocks(true);
            table.setCacheIndexAndFilterBlocksWithHighPriority(true);
            table.setPinTopLevelIndexAndFilter(true);
            options.setWriteBufferManager(memory.writeBuffers);
            options.setTableFormatConfig(table);
        }

        @Override
        public void close(String storeName, Options options) {
            // the shared cache and write buffer manager outlive the stores: closed with the application
        }
    }
}
