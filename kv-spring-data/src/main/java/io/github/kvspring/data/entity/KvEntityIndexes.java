package io.github.kvspring.data.entity;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;

import io.github.kvspring.data.core.KeyValueOperations;
import io.github.kvspring.data.core.KvBucketInfo;
import io.github.kvspring.data.mapping.KvEntityConverter;
import io.github.kvspring.data.mapping.KvPersistentEntity;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * The {@code @KvIndexed} indexes of one {@link KvEntityTemplate}: one per entity type, built on first use, brought
 * up to date before each answer, rebuilt when its watch is lost, and counted for {@link KvIndexStatistics}.
 */
final class KvEntityIndexes {

	private static final System.Logger logger = System.getLogger(KvEntityIndexes.class.getName());

	private final KeyValueOperations operations;

	private final KvEntityConverter converter;

	private final Function<Class<?>, KvPersistentEntity<?>> entities;

	private final Function<Class<?>, String> filters;

	private final Map<Class<?>, KvEntityIndex> indexes = new ConcurrentHashMap<>();

	private final Map<Class<?>, IndexCounters> counters = new ConcurrentHashMap<>();

	private final List<Consumer<Class<?>>> listeners = new CopyOnWriteArrayList<>();

	private volatile Duration catchUpTimeout = Duration.ofSeconds(2);

	/**
	 * @param entities the persistent entity of a type
	 * @param filters the key filter of a type's entities
	 */
	KvEntityIndexes(KeyValueOperations operations, KvEntityConverter converter,
			Function<Class<?>, KvPersistentEntity<?>> entities, Function<Class<?>, String> filters) {
		this.operations = operations;
		this.converter = converter;
		this.entities = entities;
		this.filters = filters;
	}

	void setCatchUpTimeout(Duration catchUpTimeout) {
		this.catchUpTimeout = catchUpTimeout;
	}

	Duration getCatchUpTimeout() {
		return this.catchUpTimeout;
	}

	/**
	 * The type's index, caught up with every write made before the call, or {@code null} when the type has no
	 * indexed property or its index cannot answer in time.
	 */
	@Nullable KvEntityIndex ready(Class<?> type) {
		KvPersistentEntity<?> persistentEntity = this.entities.apply(type);
		if (!persistentEntity.hasIndexedProperties()) {
			return null;
		}
		IndexCounters counters = this.counters.get(type);
		if (counters == null) {
			counters = this.counters.computeIfAbsent(type, (key) -> new IndexCounters());
			this.listeners.forEach((listener) -> listener.accept(type));
		}
		IndexCounters typeCounters = counters;
		KvEntityIndex index = this.indexes.computeIfAbsent(type, (key) -> newIndex(persistentEntity, typeCounters));
		KvEntityIndex.CatchUp catchUp;
		try {
			catchUp = index.catchUp(this.catchUpTimeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DataAccessResourceFailureException("Interrupted while the index of " + type.getName()
					+ " caught up with bucket '" + persistentEntity.getBucket() + "'", ex);
		}
		switch (catchUp) {
			case READY -> typeCounters.answered();
			case BUILDING -> typeCounters.fellBack(KvIndexState.BUILDING);
			case SLOW -> typeCounters.fellBack(KvIndexState.LAGGING);
			case LOST -> {
				logger.log(System.Logger.Level.INFO, "The index of " + type.getName() + " on bucket '"
						+ persistentEntity.getBucket() + "' is rebuilt (" + index.lostReason()
						+ "); this query reads the bucket");
				typeCounters.fellBack(KvIndexState.RECOVERING);
				if (this.indexes.remove(type, index)) {
					index.stop();
				}
			}
		}
		return (catchUp == KvEntityIndex.CatchUp.READY) ? index : null;
	}

	/**
	 * A new index of the type, refused where it could not stay exact: values that expire without an event.
	 */
	private KvEntityIndex newIndex(KvPersistentEntity<?> persistentEntity, IndexCounters counters) {
		KvBucketInfo info = this.operations.bucketInfo(persistentEntity.getBucket());
		Duration ttl = (info != null) ? info.definition().ttl() : null;
		if (info != null && ttl != null && !ttl.isZero() && info.definition().limitMarkerTtl() == null) {
			throw new InvalidDataAccessApiUsageException("Bucket '" + persistentEntity.getBucket()
					+ "' expires values after " + ttl + " without expiry markers, so the in-memory index of the "
					+ "@KvIndexed properties of " + persistentEntity.getType().getName() + " could not see them "
					+ "go: give the bucket a limit marker TTL (KvBucketDefinition.limitMarkerTtl, "
					+ "nats.kv.buckets." + persistentEntity.getBucket() + ".limit-marker-ttl) or remove @KvIndexed");
		}
		if (counters.state != null) {
			counters.rebuilds.increment();
		}
		return new KvEntityIndex(persistentEntity, this.converter, this.operations,
				this.filters.apply(persistentEntity.getType()));
	}

	Map<Class<?>, KvIndexStatistics> statistics() {
		Map<Class<?>, KvIndexStatistics> statistics = new LinkedHashMap<>();
		this.counters.keySet().forEach((type) -> {
			KvIndexStatistics one = statistics(type);
			if (one != null) {
				statistics.put(type, one);
			}
		});
		return statistics;
	}

	@Nullable KvIndexStatistics statistics(Class<?> type) {
		IndexCounters typeCounters = this.counters.get(type);
		if (typeCounters == null) {
			return null;
		}
		KvEntityIndex index = this.indexes.get(type);
		KvIndexState state = typeCounters.state;
		return new KvIndexStatistics((state != null) ? state : KvIndexState.BUILDING, (index != null) ? index.size() : 0,
				typeCounters.hits.sum(), typeCounters.fallbacks.sum(), typeCounters.rebuilds.sum());
	}

	void addStatisticsListener(Consumer<Class<?>> listener) {
		this.listeners.add(listener);
		this.counters.keySet().forEach(listener);
	}

	/**
	 * How many entities of a type the index held when it last answered, or -1 without one.
	 */
	int indexedCount(Class<?> type) {
		KvEntityIndex index = this.indexes.get(type);
		return (index != null) ? index.size() : -1;
	}

	/**
	 * Stops the watches of the indexes; the next lookup builds its index anew.
	 */
	void stopAll() {
		this.indexes.values().forEach(KvEntityIndex::stop);
		this.indexes.clear();
	}

	/**
	 * The counts behind {@link KvIndexStatistics} of one entity type.
	 */
	private static final class IndexCounters {

		private final LongAdder hits = new LongAdder();

		private final LongAdder fallbacks = new LongAdder();

		private final LongAdder rebuilds = new LongAdder();

		private volatile @Nullable KvIndexState state;

		void answered() {
			this.state = KvIndexState.READY;
			this.hits.increment();
		}

		void fellBack(KvIndexState state) {
			this.state = state;
			this.fallbacks.increment();
		}

	}

}
