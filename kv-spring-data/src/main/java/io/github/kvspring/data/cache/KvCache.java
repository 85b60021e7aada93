package io.github.kvspring.data.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import io.github.kvspring.data.core.KeyValueOperations;
import io.github.kvspring.data.core.KvEntry;
import io.github.kvspring.data.core.KvKeyExistsException;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.support.AbstractValueAdaptingCache;
import org.springframework.cache.support.NullValue;

/**
 * A Spring {@link org.springframework.cache.Cache} on a NATS KV bucket; {@link KvCacheManager} creates it.
 * <p>
 * Each entry is one key of the bucket ({@link KvCacheConfiguration} says which bucket and how keys are written)
 * holding the value's bytes, a cached {@code null} as an empty value. {@link #putIfAbsent} is an atomic create;
 * {@link #evict} writes a purge marker; {@link #clear()} and {@link #invalidate()} write one purge marker per key
 * (pipelined), which every application's near cache sees (a stream purge would be invisible to them). A value loader
 * runs once at a time per key in this application, later callers waiting for its value. {@link #retrieve(Object)}
 * reads on the cache manager's executor (at once for a near-cache hit), for asynchronous {@code @Cacheable}
 * methods.
 * <p>
 * With a near cache, hits are answered from local memory while its watch can be trusted (see
 * {@link KvCacheConfiguration#enableNearCache(long)}).
 */
public class KvCache extends AbstractValueAdaptingCache {

	private final String name;

	private final String bucket;

	private final KvCacheConfiguration configuration;

	private final KeyValueOperations operations;

	private final KvCacheKeys keys;

	private final KvCacheValues values;

	private final KvCacheStatistics statistics;

	private final @Nullable KvNearCache nearCache;

	private final Executor asyncExecutor;

	private final KvCacheLoads loads;

	KvCache(String name, KvCacheConfiguration configuration, KeyValueOperations operations,
			@Nullable Duration bucketTtl, KvCacheStatistics statistics, @Nullable KvNearCache nearCache,
			Executor asyncExecutor) {
		super(configuration.getAllowCacheNullValues());
		this.name = name;
		this.bucket = configuration.getBucket(name);
		this.configuration = configuration;
		this.operations = operations;
		this.keys = new KvCacheKeys(name, configuration.isSharedBucket(), configuration.getConversionService());
		this.values = new KvCacheValues(name, this.bucket, configuration, bucketTtl);
		this.statistics = statistics;
		this.nearCache = nearCache;
		this.asyncExecutor = asyncExecutor;
		this.loads = new KvCacheLoads(asyncExecutor);
	}

	@Override
	public String getName() {
		return this.name;
	}

	/**
	 * The operations the cache reads and writes its bucket with.
	 * @return the {@link KeyValueOperations}
	 */
	@Override
	public Object getNativeCache() {
		return this.operations;
	}

	/**
	 * The bucket the entries are kept in.
	 * @return the bucket name
	 */
	public String getBucket() {
		return this.bucket;
	}

	/**
	 * The cache's settings.
	 * @return the configuration
	 */
	public KvCacheConfiguration getCacheConfiguration() {
		return this.configuration;
	}

	/**
	 * What the cache has done in this application.
	 * @return the statistics
	 */
	public KvCacheStatistics getStatistics() {
		return this.statistics;
	}

	/**
	 * How many entries the near cache holds.
	 * @return the local entries, or {@code null} without a near cache
	 */
	public @Nullable Long getNearCacheSize() {
		KvNearCache near = this.nearCache;
		return (near != null) ? near.size() : null;
	}

	/**
	 * Why the near cache is bypassed (its watch lost, behind, or not open yet), so that reads go to the bucket.
	 * @return the reason, or {@code null} while the near cache answers or when there is none
	 */
	public @Nullable String getNearCacheBypassReason() {
		KvNearCache near = this.nearCache;
		return (near != null) ? near.bypassReason() : null;
	}

	// ---- reads

	@Override
	protected @Nullable Object lookup(Object key) {
		String kvKey = this.keys.kvKey(key);
		Object local = (this.nearCache != null) ? this.nearCache.lookup(kvKey) : null;
		if (local != null) {
			this.statistics.nearHit();
			return local;
		}
		return readCounted(key, kvKey);
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
		Object stored = lookup(key);
		if (stored != null) {
			return (T) KvCacheValues.valueOf(stored);
		}
		return this.loads.load(key, this.keys.kvKey(key), valueLoader, (value) -> put(key, value));
	}

	@Override
	public @Nullable CompletableFuture<?> retrieve(Object key) {
		String kvKey = this.keys.kvKey(key);
		Object local = (this.nearCache != null) ? this.nearCache.lookup(kvKey) : null;
		if (local != null) {
			this.statistics.nearHit();
			return CompletableFuture.completedFuture(wrap(local));
		}
		return CompletableFuture.supplyAsync(() -> {
			Object stored = readCounted(key, kvKey);
			return (stored != null) ? wrap(stored) : null;
		}, this.asyncExecutor);
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
		String kvKey = this.keys.kvKey(key);
		Object local = (this.nearCache != null) ? this.nearCache.lookup(kvKey) : null;
		if (local != null) {
			this.statistics.nearHit();
			return CompletableFuture.completedFuture((T) KvCacheValues.valueOf(local));
		}
		return CompletableFuture.supplyAsync(() -> readCounted(key, kvKey), this.asyncExecutor)
			.thenCompose((stored) -> (stored != null)
					? CompletableFuture.completedFuture((T) KvCacheValues.valueOf(stored))
					: this.loads.loadAsync(kvKey, valueLoader, (value) -> {
						if (value != null || isAllowNullValues()) {
							put(key, value);
						}
					}));
	}

	/**
	 * Reads a key from the bucket, counting a hit or a miss.
	 */
	private @Nullable Object readCounted(Object key, String kvKey) {
		Object stored = read(key, kvKey);
		if (stored != null) {
			this.statistics.hit();
		}
		else {
			this.statistics.miss();
		}
		return stored;
	}

	/**
	 * Reads a key from the bucket, and keeps it in the near cache unless it changed meanwhile.
	 */
	private @Nullable Object read(Object key, String kvKey) {
		KvNearCache near = this.nearCache;
		if (near != null) {
			near.reserveForRead(kvKey);
		}
		try {
			KvEntry<byte[]> entry = this.operations.get(this.bucket, kvKey, byte[].class);
			if (entry == null) {
				return null;
			}
			Object stored = this.values.decode(key, kvKey, entry);
			if (stored != null && near != null) {
				near.install(kvKey, stored, entry.revision(), this.values.expiresAt(entry.created(), key, stored));
			}
			return stored;
		}
		finally {
			if (near != null) {
				near.release(kvKey);
			}
		}
	}

	// ---- writes

	@Override
	public void put(Object key, @Nullable Object value) {
		Object stored = store(value);
		String kvKey = this.keys.kvKey(key);
		write(key, kvKey, stored, false);
	}

	@Override
	public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
		Object stored = store(value);
		String kvKey = this.keys.kvKey(key);
		for (int attempt = 1;; attempt++) {
			try {
				write(key, kvKey, stored, true);
				return null;
			}
			catch (KvKeyExistsException ex) {
				Object existing = read(key, kvKey);
				if (existing != null) {
					return toValueWrapper(existing);
				}
				// Removed between the create and the read: create again, a few times at most.
				if (attempt == 3) {
					throw ex;
				}
			}
		}
	}

	/**
	 * Writes a value (or creates it, failing if the key has one) with its time to live, and keeps it in the near
	 * cache unless another write of the key was seen meanwhile.
	 */
	private void write(Object key, String kvKey, Object stored, boolean create) {
		byte[] data = this.values.encode(key, kvKey, stored);
		Duration ownTtl = this.values.ttlToSend(key, stored);
		KvNearCache near = this.nearCache;
		if (near != null) {
			near.reserveForWrite(kvKey);
		}
		try {
			long revision;
			if (create) {
				revision = (ownTtl != null) ? this.operations.create(this.bucket, kvKey, data, ownTtl)
						: this.operations.create(this.bucket, kvKey, data);
			}
			else {
				revision = (ownTtl != null) ? this.operations.put(this.bucket, kvKey, data, ownTtl)
						: this.operations.put(this.bucket, kvKey, data);
			}
			this.statistics.put();
			if (near != null) {
				near.install(kvKey, stored, revision, this.values.expiresAt(Instant.now(), key, stored));
			}
		}
		finally {
			if (near != null) {
				near.release(kvKey);
			}
		}
	}

	@Override
	public void evict(Object key) {
		String kvKey = this.keys.kvKey(key);
		this.operations.purge(this.bucket, kvKey);
		removeLocally(kvKey);
		this.statistics.evicted(1);
	}

	@Override
	public boolean evictIfPresent(Object key) {
		String kvKey = this.keys.kvKey(key);
		if (this.operations.get(this.bucket, kvKey, byte[].class) == null) {
			removeLocally(kvKey);
			return false;
		}
		this.operations.purge(this.bucket, kvKey);
		removeLocally(kvKey);
		this.statistics.evicted(1);
		return true;
	}

	@Override
	public void clear() {
		invalidate();
	}

	@Override
	public boolean invalidate() {
		long purged = this.operations.purgeAll(this.bucket, this.keys.filter());
		if (this.nearCache != null) {
			this.nearCache.clear();
		}
		this.statistics.evicted(purged);
		return purged > 0;
	}

	private void removeLocally(String kvKey) {
		if (this.nearCache != null) {
			this.nearCache.remove(kvKey);
		}
	}

	// ---- values, TTL and keys

	/**
	 * The value as stored: Spring's {@link NullValue} (any instance of it) for {@code null}.
	 */
	private Object store(@Nullable Object value) {
		Object stored = toStoreValue(value);
		return (stored instanceof NullValue) ? NullValue.INSTANCE : stored;
	}

	private @Nullable Object wrap(Object stored) {
		return isAllowNullValues() ? toValueWrapper(stored) : KvCacheValues.valueOf(stored);
	}

	/**
	 * Whether the near cache holds a key's value (for tests and measurements).
	 */
	boolean isNearCached(Object key) {
		KvNearCache near = this.nearCache;
		return near != null && near.holds(this.keys.kvKey(key));
	}

	/**
	 * Stops the near cache's watch and checks; the cache manager calls this when it is closed.
	 */
	void close() {
		if (this.nearCache != null) {
			this.nearCache.close();
		}
	}

}
