package io.github.kvspring.data.entity;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import io.github.kvspring.data.convert.KvValueConversionException;
import io.github.kvspring.data.core.KeyValueOperations;
import io.github.kvspring.data.core.KvEntry;
import io.github.kvspring.data.core.KvSubscription;
import io.github.kvspring.data.core.KvWatchListener;
import io.github.kvspring.data.core.KvWatchOptions;
import io.github.kvspring.data.mapping.KvEntityConverter;
import io.github.kvspring.data.mapping.KvPersistentEntity;
import io.github.kvspring.data.mapping.KvPersistentProperty;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory index of one entity type's {@link io.github.kvspring.data.mapping.KvIndexed} properties: a
 * projection of its keys in the bucket, built and kept by a watch. Only the watch's thread writes it.
 */
final class KvEntityIndex implements KvWatchListener<byte[]> {

	private static final System.Logger logger = System.getLogger(KvEntityIndex.class.getName());

	private final KvPersistentEntity<?> entity;

	private final KvEntityConverter converter;

	/** Property name, then index form, then the keys holding it. */
	private final Map<String, Map<String, Set<String>>> keysByForm = new HashMap<>();

	/** Every live key of the entity, with the index forms it holds. */
	private final Map<String, Map<String, String>> formsByKey = new ConcurrentHashMap<>();

	/** Held by the watch while it applies a change, so that lookups see whole transactions. */
	private final ReadWriteLock lock = new ReentrantReadWriteLock();

	/** The revision of the last change applied; guarded by the lock. */
	private long appliedRevision;

	private final CountDownLatch initialData = new CountDownLatch(1);

	private final KvSubscription watch;

	KvEntityIndex(KvPersistentEntity<?> entity, KvEntityConverter converter, KeyValueOperations operations,
			String filter) {
		this.entity = entity;
		this.converter = converter;
		for (KvPersistentProperty property : entity) {
			if (property.isIndexed()) {
				this.keysByForm.put(property.getName(), new ConcurrentHashMap<>());
			}
		}
		this.watch = operations.watch(entity.getBucket(), List.of(filter), byte[].class, KvWatchOptions.defaults(),
				this);
	}

	/**
	 * Applies a change whole: a query looking up keys meanwhile waits, so it never sees part of a transaction.
	 */
	@Override
	public void onChange(List<KvEntry<byte[]>> entries) {
		this.lock.writeLock().lock();
		try {
			for (KvEntry<byte[]> entry : entries) {
				onEntry(entry);
			}
			this.appliedRevision = entries.get(entries.size() - 1).revision();
		}
		finally {
			this.lock.writeLock().unlock();
		}
	}

	@Override
	public void onEntry(KvEntry<byte[]> entry) {
		String key = entry.key();
		Map<String, String> forms = Map.of();
		if (entry.operation().isPut()) {
			try {
				forms = this.converter.readIndexForms(entry.requiredValue(), this.entity);
			}
			catch (KvValueConversionException ex) {
				logger.log(System.Logger.Level.WARNING, "Key '" + key + "' of bucket '" + this.entity.getBucket()
						+ "' is left out of the index of " + this.entity.getType().getName() + ": " + ex.getMessage());
			}
		}
		Map<String, String> previous = entry.operation().isPut() ? this.formsByKey.put(key, forms)
				: this.formsByKey.remove(key);
		// Add before removing, so that a concurrent lookup sees the key under its old or new value, never neither.
		for (Map.Entry<String, String> form : forms.entrySet()) {
			if (previous == null || !form.getValue().equals(previous.get(form.getKey()))) {
				index(form.getKey()).computeIfAbsent(form.getValue(), (value) -> ConcurrentHashMap.newKeySet()).add(key);
			}
		}
		if (previous != null) {
			for (Map.Entry<String, String> form : previous.entrySet()) {
				if (!form.getValue().equals(forms.get(form.getKey()))) {
					index(form.getKey()).computeIfPresent(form.getValue(), (value, keys) -> {
						keys.remove(key);
						return keys.isEmpty() ? null : keys;
					});
				}
			}
		}
	}

	private Map<String, Set<String>> index(String property) {
		Map<String, Set<String>> index = this.keysByForm.get(property);
		if (index == null) {
			throw new IllegalArgumentException("Property '" + property + "' of " + this.entity.getType().getName()
					+ " is not @KvIndexed");
		}
		return index;
	}

	@Override
	public void onEndOfInitialData() {
		this.initialData.countDown();
	}

	/**
	 * Waits until the index holds every write made before the call, no longer than the timeout (the leader
	 * lookup included).
	 * @param timeout how long to wait at most
	 * @return {@link CatchUp#READY}; {@link CatchUp#BUILDING} while the first reading of the bucket takes longer
	 * than the timeout; {@link CatchUp#SLOW} when the watch is sound but behind (a write burst, an election); or
	 * {@link CatchUp#LOST} when the watch can no longer be trusted (the index must be rebuilt)
	 * @throws InterruptedException if the calling thread is interrupted while it waits
	 */
	CatchUp catchUp(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		if (!this.initialData.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
			return (this.watch.lostReason() == null) ? CatchUp.BUILDING : CatchUp.LOST;
		}
		if (this.watch.awaitCaughtUp(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
			return CatchUp.READY;
		}
		return (this.watch.lostReason() == null) ? CatchUp.SLOW : CatchUp.LOST;
	}

	/**
	 * Why the index's watch can no longer be trusted.
	 * @return the reason, or {@code null} while it is sound
	 */
	@Nullable String lostReason() {
		return this.watch.lostReason();
	}

	/**
	 * The keys whose property holds one of the index forms, with the revision the index had applied them as of.
	 * @param property the indexed property's name
	 * @param forms the index forms looked up
	 * @return the keys
	 */
	KvIndexedKeys keys(String property, Collection<String> forms) {
		Map<String, Set<String>> index = index(property);
		Set<String> keys = new HashSet<>();
		this.lock.readLock().lock();
		try {
			for (String form : forms) {
				Set<String> found = index.get(form);
				if (found != null) {
					keys.addAll(found);
				}
			}
			return new KvIndexedKeys(keys, this.appliedRevision);
		}
		finally {
			this.lock.readLock().unlock();
		}
	}

	/**
	 * How many entities the index holds.
	 * @return the live keys of the entity
	 */
	int size() {
		return this.formsByKey.size();
	}

	void stop() {
		this.watch.stop();
	}

	/**
	 * Whether an index can answer a query now.
	 */
	enum CatchUp {

		/** Every write made before the query is in the index. */
		READY,

		/** The first reading of the bucket is still under way. */
		BUILDING,

		/** The watch is sound but has not caught up in time: ask again later, the index is kept. */
		SLOW,

		/** The watch cannot catch up: stop it and build a new index. */
		LOST

	}

}
