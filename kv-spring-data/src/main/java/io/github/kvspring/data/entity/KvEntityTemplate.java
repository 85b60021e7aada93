package io.github.kvspring.data.entity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.github.kvspring.data.convert.KvConversionFailureHandler;
import io.github.kvspring.data.convert.KvValueConversionException;
import io.github.kvspring.data.core.KeyValueOperations;
import io.github.kvspring.data.core.KvBatchWriteException;
import io.github.kvspring.data.core.KvBucketInfo;
import io.github.kvspring.data.core.KvEntry;
import io.github.kvspring.data.core.KvKeyScope;
import io.github.kvspring.data.core.KvKeys;
import io.github.kvspring.data.core.KvScanConflictException;
import io.github.kvspring.data.core.KvWrite;
import io.github.kvspring.data.core.KvWriteResult;
import io.github.kvspring.data.mapping.DefaultKvKeyCodec;
import io.github.kvspring.data.mapping.KvEntityConverter;
import io.github.kvspring.data.mapping.KvKeyCodec;
import io.github.kvspring.data.mapping.KvMappingContext;
import io.github.kvspring.data.mapping.KvPersistentEntity;
import io.github.kvspring.data.mapping.KvPersistentProperty;
import io.github.kvspring.data.mapping.event.AfterConvertCallback;
import io.github.kvspring.data.mapping.event.AfterSaveCallback;
import io.github.kvspring.data.mapping.event.BeforeConvertCallback;
import io.github.kvspring.data.mapping.event.BeforeSaveCallback;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.mapping.callback.EntityCallbacks;
import org.springframework.util.Assert;

/**
 * Saves, finds, deletes and scans mapped entities. The version property is the entry's revision: a new entity
 * (version {@code null} or 0) is created atomically, a loaded one is updated at its revision, so a stale save
 * fails with an {@link org.springframework.dao.OptimisticLockingFailureException} and a second create of an id
 * with a {@link org.springframework.dao.DuplicateKeyException}; entities without a version are plainly put.
 * Scans read the entity's keys in one server stream; what a scan does with a value that cannot be read is up to
 * its {@linkplain #setConversionFailureHandler conversion failure handler}.
 */
public class KvEntityTemplate implements DisposableBean {

	private final KeyValueOperations operations;

	private final KvEntityConverter converter;

	private final KvKeyCodec keyCodec;

	private EntityCallbacks entityCallbacks = EntityCallbacks.create();

	private final KvEntityIndexes indexes;

	/** Whether each bucket read through an index accepts atomic writes. */
	private final Map<String, Boolean> atomicBuckets = new ConcurrentHashMap<>();

	/** How many times {@link #readConsistently} runs a read that meets a scan conflict. */
	private static final int SCAN_ATTEMPTS = 5;

	private KvConversionFailureHandler conversionFailureHandler = KvConversionFailureHandler.failing();

	/**
	 * Creates a template with a JSON mapper of its own and the default key codec.
	 * @param operations the KV operations
	 * @param mappingContext the mapping context
	 */
	public KvEntityTemplate(KeyValueOperations operations, KvMappingContext mappingContext) {
		this(operations, new KvEntityConverter(mappingContext, () -> JsonMapper.builder().findAndAddModules().build()),
				new DefaultKvKeyCodec());
	}

	/**
	 * Creates a template.
	 * @param operations the KV operations
	 * @param converter the entity converter
	 * @param keyCodec the key codec
	 */
	public KvEntityTemplate(KeyValueOperations operations, KvEntityConverter converter, KvKeyCodec keyCodec) {
		this.operations = operations;
		this.converter = converter;
		this.keyCodec = keyCodec;
		this.indexes = new KvEntityIndexes(operations, converter, this::entity, this::filter);
	}

	/**
	 * The KV operations this template reads and writes with.
	 * @return the operations
	 */
	public KeyValueOperations getOperations() {
		return this.operations;
	}

	/**
	 * Sets how long a query waits for an index to hold every write made before it (and, on first use, for the
	 * index to be built) before reading the bucket instead. Defaults to 2 seconds.
	 * @param indexCatchUpTimeout the longest wait
	 */
	public void setIndexCatchUpTimeout(Duration indexCatchUpTimeout) {
		this.indexes.setCatchUpTimeout(indexCatchUpTimeout);
	}

	/**
	 * How long a query waits for an index to catch up before reading the bucket instead.
	 * @return the longest wait
	 */
	public Duration getIndexCatchUpTimeout() {
		return this.indexes.getCatchUpTimeout();
	}

	/**
	 * Sets what scans ({@link #stream}, {@link #streamByKeys}, {@link #findAllById}, and the repository finds and
	 * derived queries built on them) do with a stored value that cannot be read as the entity: fail, the default,
	 * or leave it out (see {@link KvConversionFailureHandler#logging()}). {@link #findById} always fails on one.
	 * @param conversionFailureHandler the handler
	 */
	public void setConversionFailureHandler(KvConversionFailureHandler conversionFailureHandler) {
		Assert.notNull(conversionFailureHandler, "'conversionFailureHandler' must not be null");
		this.conversionFailureHandler = conversionFailureHandler;
	}

	/**
	 * What scans do with a stored value that cannot be read as the entity.
	 * @return the handler
	 */
	public KvConversionFailureHandler getConversionFailureHandler() {
		return this.conversionFailureHandler;
	}

	/**
	 * Sets the entity callbacks to invoke (auditing among them).
	 * @param entityCallbacks the callbacks
	 */
	public void setEntityCallbacks(EntityCallbacks entityCallbacks) {
		this.entityCallbacks = entityCallbacks;
	}

	/**
	 * The mapping context.
	 * @return the mapping context
	 */
	public KvMappingContext getMappingContext() {
		return this.converter.getMappingContext();
	}

	/**
	 * The mapped entity of a type.
	 * @param <T> the entity type
	 * @param type the type
	 * @return the persistent entity
	 */
	@SuppressWarnings("unchecked")
	public <T> KvPersistentEntity<T> entity(Class<T> type) {
		return (KvPersistentEntity<T>) getMappingContext().getRequiredPersistentEntity(type);
	}

	/**
	 * The key of an entity of the given type with the given id.
	 * @param type the entity type
	 * @param id the id
	 * @return the key
	 * @throws IllegalArgumentException naming the id and the rule broken if it cannot become a key
	 */
	public String key(Class<?> type, Object id) {
		KvPersistentEntity<?> entity = entity(type);
		String tokens = this.keyCodec.encode(id);
		String key = entity.getKeyPrefix().isEmpty() ? tokens : entity.getKeyPrefix() + "." + tokens;
		return KvKeys.requireValidKey(key);
	}

	/**
	 * The key filter that matches every entity of a type and nothing else of its prefix.
	 * @param type the entity type
	 * @return the filter
	 */
	public String filter(Class<?> type) {
		KvPersistentEntity<?> entity = entity(type);
		int tokens = this.keyCodec.tokenCount(entity.getRequiredIdProperty().getType());
		String wildcards = String.join(".", java.util.Collections.nCopies(tokens, "*"));
		return entity.getKeyPrefix().isEmpty() ? wildcards : entity.getKeyPrefix() + "." + wildcards;
	}

	// ---- writes

	/**
	 * Saves an entity: creates it if new, updates it at its revision if versioned, puts it otherwise.
	 * @param <T> the entity type
	 * @param entity the entity
	 * @return the saved entity carrying its new version (a copy for immutable types)
	 */
	public <T> T save(T entity) {
		List<T> saved = saveAll(List.of(entity));
		return saved.get(0);
	}

	/**
	 * Saves entities with pipelined writes. Every entity is checked and converted before anything is written;
	 * then each write succeeds or fails on its own.
	 * @param <T> the entity type
	 * @param entities the entities, all of one type
	 * @return the saved entities carrying their new versions
	 * @throws KvSaveAllException listing each entity that could not be saved (the others were); for a single
	 * entity, its own exception
	 */
	public <T> List<T> saveAll(Collection<T> entities) {
		if (entities.isEmpty()) {
			return List.of();
		}
		List<Prepared<T>> prepared = new ArrayList<>(entities.size());
		for (T entity : entities) {
			Assert.notNull(entity, "'entities' must not contain null");
			prepared.add(prepare(entity));
		}
		String bucket = prepared.get(0).persistentEntity().getBucket();
		Assert.isTrue(prepared.stream().allMatch((write) -> write.persistentEntity().getBucket().equals(bucket)),
				"'entities' must all live in one bucket");
		List<KvWriteResult> results = this.operations.writeAll(bucket,
				prepared.stream().map(Prepared::write).toList());
		List<T> saved = new ArrayList<>(prepared.size());
		Map<Object, KvWriteResult> failed = new IdentityHashMap<>();
		for (int i = 0; i < prepared.size(); i++) {
			Prepared<T> write = prepared.get(i);
			KvWriteResult result = results.get(i);
			if (result.succeeded()) {
				saved.add(afterSave(write, result.revision()));
			}
			else {
				failed.put(write.entity(), result);
			}
		}
		if (!failed.isEmpty()) {
			if (prepared.size() == 1) {
				throw Objects.requireNonNull(results.get(0).failure());
			}
			throw new KvSaveAllException(bucket, results, new ArrayList<>(saved), failed);
		}
		return saved;
	}

	private <T> Prepared<T> prepare(T original) {
		@SuppressWarnings("unchecked")
		KvPersistentEntity<T> persistentEntity = (KvPersistentEntity<T>) entity(original.getClass());
		T entity = this.entityCallbacks.callback(BeforeConvertCallback.class, original, persistentEntity.getBucket());
		KvPersistentProperty idProperty = persistentEntity.getRequiredIdProperty();
		Object id = persistentEntity.getPropertyAccessor(entity).getProperty(idProperty);
		if (id == null) {
			id = generateId(persistentEntity, idProperty);
			entity = this.converter.withProperty(entity, idProperty, id);
		}
		String key = key(persistentEntity.getType(), id);
		entity = this.entityCallbacks.callback(BeforeSaveCallback.class, entity, key);
		byte[] data = this.converter.write(entity);
		Duration ttl = timeToLive(persistentEntity, entity);
		KvWrite write;
		KvPersistentProperty versionProperty = persistentEntity.getVersionProperty();
		if (versionProperty != null) {
			Object version = persistentEntity.getPropertyAccessor(entity).getProperty(versionProperty);
			long revision = (version != null) ? ((Number) version).longValue() : 0;
			write = (revision == 0) ? KvWrite.create(key, data) : KvWrite.update(key, data, revision);
		}
		else {
			write = KvWrite.put(key, data);
		}
		return new Prepared<>(persistentEntity, entity, key, write.withTtl(ttl));
	}

	private <T> T afterSave(Prepared<T> write, long revision) {
		T entity = write.entity();
		KvPersistentProperty versionProperty = write.persistentEntity().getVersionProperty();
		if (versionProperty != null) {
			entity = this.converter.withProperty(entity, versionProperty, revision);
		}
		return this.entityCallbacks.callback(AfterSaveCallback.class, entity, write.key());
	}

	private static Object generateId(KvPersistentEntity<?> entity, KvPersistentProperty idProperty) {
		if (idProperty.getType() == String.class) {
			return UUID.randomUUID().toString();
		}
		if (idProperty.getType() == UUID.class) {
			return UUID.randomUUID();
		}
		throw new IllegalArgumentException("Id '" + idProperty.getName() + "' of " + entity.getType().getName()
				+ " is null: only String and UUID ids are generated; set the id before saving");
	}

	private static <T> @Nullable Duration timeToLive(KvPersistentEntity<T> persistentEntity, T entity) {
		KvPersistentProperty property = persistentEntity.getTimeToLiveProperty();
		if (property != null) {
			Object value = persistentEntity.getPropertyAccessor(entity).getProperty(property);
			Duration own = (value instanceof Duration duration) ? duration
					: (value instanceof Number seconds) ? Duration.ofSeconds(seconds.longValue()) : null;
			if (own != null && !own.isZero() && !own.isNegative()) {
				return own;
			}
		}
		return persistentEntity.getTimeToLive();
	}

	// ---- reads

	/**
	 * Finds an entity by id.
	 * @param <T> the entity type
	 * @param type the entity type
	 * @param id the id
	 * @return the entity with its version, or {@code null}
	 * @throws KvValueConversionException naming the key and revision if the stored value cannot be read, whatever
	 * the {@linkplain #setConversionFailureHandler conversion failure handler}
	 */
	public <T> @Nullable T findById(Class<T> type, Object id) {
		KvPersistentEntity<T> persistentEntity = entity(type);
		KvEntry<byte[]> entry = this.operations.get(persistentEntity.getBucket(), key(type, id), byte[].class);
		return (entry != null) ? read(type, entry).entity() : null;
	}

	/**
	 * Finds entities by id with pipelined reads.
	 * @param <T> the entity type
	 * @param type the entity type
	 * @param ids the ids
	 * @return the entities found, in the order of the ids, without those the
	 * {@linkplain #setConversionFailureHandler conversion failure handler} left out
	 */
	public <T> List<T> findAllById(Class<T> type, Iterable<?> ids) {
		Map<String, Object> keys = new LinkedHashMap<>();
		ids.forEach((id) -> keys.put(key(type, id), id));
		Map<String, KvEntry<byte[]>> entries = this.operations.getAll(entity(type).getBucket(), keys.keySet(),
				byte[].class);
		return readAll(type, entries.values().stream()).map(KvStoredEntity::entity).toList();
	}

	/**
	 * Every entity of a type, read lazily in one server stream with bounded memory. Close the stream if it is
	 * not read to the end.
	 * @param <T> the entity type
	 * @param type the entity type
	 * @return the entities, in revision order, without those the
	 * {@linkplain #setConversionFailureHandler conversion failure handler} left out
	 */
	public <T> Stream<KvStoredEntity<T>> stream(Class<T> type) {
		return readAll(type, this.operations.streamEntries(entity(type).getBucket(), byte[].class, filter(type)));
	}

	/**
	 * The keys of the entities whose {@link io.github.kvspring.data.mapping.KvIndexed} property equals one of the
	 * values, from the type's index: built on first use by a watch on the bucket, and brought up to date with
	 * every write made before this call (one round trip) before it answers.
	 * @param type the entity type
	 * @param property the indexed property's name
	 * @param values the values looked up ({@code null}s are never indexed and match nothing here)
	 * @return the keys, with the revision the index answered as of; {@code null} when the index cannot answer in
	 * time (still being built, or its watch lost), in which case read the entities with {@link #stream(Class)}
	 */
	public @Nullable KvIndexedKeys findIndexedKeys(Class<?> type, String property, Collection<?> values) {
		KvEntityIndex index = this.indexes.ready(type);
		if (index == null) {
			return null;
		}
		List<String> forms = new ArrayList<>();
		for (Object value : values) {
			String form = this.converter.indexForm(value);
			if (form != null) {
				forms.add(form);
			}
		}
		return index.keys(property, forms);
	}

	/**
	 * What the index of each entity type with {@code @KvIndexed} properties has done, for the types queried so
	 * far.
	 * @return the statistics by entity type
	 */
	public Map<Class<?>, KvIndexStatistics> getIndexStatistics() {
		return this.indexes.statistics();
	}

	/**
	 * What the index of one entity type has done.
	 * @param type the entity type
	 * @return the statistics, or {@code null} if the type's index was never used
	 */
	public @Nullable KvIndexStatistics getIndexStatistics(Class<?> type) {
		return this.indexes.statistics(type);
	}

	/**
	 * Adds a listener told of each entity type the first time its index is used, so that what follows each index
	 * (its meters, say) follows those created later too; it is told of those in use already at once.
	 * @param listener receives the entity type
	 */
	public void addIndexStatisticsListener(Consumer<Class<?>> listener) {
		this.indexes.addStatisticsListener(listener);
	}

	/**
	 * How many entities of a type the index held when it last answered, to weigh an index lookup against a scan.
	 * @param type the entity type
	 * @return the entities in its index, or -1 without one
	 */
	public int indexedCount(Class<?> type) {
		return this.indexes.indexedCount(type);
	}

	/**
	 * Reads entities by key with pipelined reads, skipping keys that no longer hold a value.
	 * @param <T> the entity type
	 * @param type the entity type
	 * @param keys the keys
	 * @return the entities, in revision order as a scan gives them, without those the
	 * {@linkplain #setConversionFailureHandler conversion failure handler} left out
	 */
	public <T> Stream<KvStoredEntity<T>> streamByKeys(Class<T> type, Collection<String> keys) {
		return readAll(type, fetch(type, keys, Long.MAX_VALUE).stream());
	}

	/**
	 * Reads the entities an index lookup found, as {@link #streamByKeys(Class, Collection)} does. On a bucket
	 * with atomic writes the values must be those the index answered with: a value written after (a revision
	 * above the lookup's) could show part of a transaction the index did not, so the read fails with a
	 * {@link KvScanConflictException} instead, which {@link #readConsistently} runs again.
	 * @param <T> the entity type
	 * @param type the entity type
	 * @param found what the index lookup found
	 * @return the entities
	 */
	public <T> Stream<KvStoredEntity<T>> streamByKeys(Class<T> type, KvIndexedKeys found) {
		String bucket = entity(type).getBucket();
		long asOf = acceptsAtomicWrites(bucket) ? found.asOfRevision() : Long.MAX_VALUE;
		return readAll(type, fetch(type, found.keys(), asOf).stream());
	}

	private List<KvEntry<byte[]>> fetch(Class<?> type, Collection<String> keys, long asOf) {
		if (keys.isEmpty()) {
			return List.of();
		}
		String bucket = entity(type).getBucket();
		List<KvEntry<byte[]>> entries = new ArrayList<>(this.operations.getAll(bucket, keys, byte[].class).values());
		entries.sort(Comparator.comparingLong(KvEntry::revision));
		if (!entries.isEmpty() && entries.get(entries.size() - 1).revision() > asOf) {
			KvEntry<byte[]> newer = entries.get(entries.size() - 1);
			throw new KvScanConflictException("Query of bucket '" + bucket + "' through the index of "
					+ type.getName() + " (as of revision " + asOf + ") read key '" + newer.key() + "' at revision "
					+ newer.revision() + ", written after the index answered; read again", bucket, newer.key(),
					newer.revision());
		}
		return entries;
	}

	private boolean acceptsAtomicWrites(String bucket) {
		Boolean accepts = this.atomicBuckets.get(bucket);
		if (accepts == null) {
			KvBucketInfo info = this.operations.bucketInfo(bucket);
			accepts = info != null && info.definition().atomicWrites();
			this.atomicBuckets.put(bucket, accepts);
		}
		return accepts;
	}

	/**
	 * Stops the watches of the indexes; the next index lookup builds its index anew.
	 */
	@Override
	public void destroy() {
		this.indexes.stopAll();
	}

	/**
	 * Whether an entity with the id exists.
	 * @param type the entity type
	 * @param id the id
	 * @return whether it exists
	 */
	public boolean existsById(Class<?> type, Object id) {
		return this.operations.get(entity(type).getBucket(), key(type, id), byte[].class) != null;
	}

	/**
	 * How many entities of a type exist: from the type's index when it has {@code @KvIndexed} properties (caught
	 * up with every earlier write, one round trip), else counted from their keys in one server stream. Values are
	 * not read, so one that cannot be read is counted too.
	 * @param type the entity type
	 * @return the count
	 */
	public long count(Class<?> type) {
		KvEntityIndex index = this.indexes.ready(type);
		if (index != null) {
			return index.size();
		}
		return readConsistently(() -> {
			try (Stream<String> keys = this.operations.streamKeys(entity(type).getBucket(), KvKeyScope.LIVE,
					filter(type))) {
				return keys.count();
			}
		});
	}

	/**
	 * Runs a read that scans a bucket to its end, again when a scan of a bucket with atomic writes meets a
	 * {@link KvScanConflictException} (a key it had not reached was rewritten and its entry as of the scan's start
	 * is gone), up to {@value #SCAN_ATTEMPTS} times in all with a short pause; so that the read shows the bucket as
	 * of one moment, never part of a transaction. Repositories read lists, pages and counts this way.
	 * @param <R> the result type
	 * @param read the read, which consumes its scans whole
	 * @return its result
	 * @throws KvScanConflictException if the last attempt met one too
	 */
	public <R> R readConsistently(Supplier<R> read) {
		for (int attempt = 1;; attempt++) {
			try {
				return read.get();
			}
			catch (KvScanConflictException ex) {
				if (attempt >= SCAN_ATTEMPTS) {
					throw ex;
				}
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current().nextLong(1, 5L << attempt)));
			}
		}
	}

	/**
	 * Converts an entry of an entity's bucket (from a watch, for example) into the entity, running the
	 * after-convert callbacks.
	 * @param <T> the entity type
	 * @param type the entity type
	 * @param entry an entry holding a value, read as bytes
	 * @return the entity with its key and revision
	 */
	public <T> KvStoredEntity<T> read(Class<T> type, KvEntry<byte[]> entry) {
		KvPersistentEntity<T> persistentEntity = entity(type);
		Object id = idFromKey(persistentEntity, entry.key());
		T entity;
		try {
			entity = this.converter.read(entry.requiredValue(), type, id, entry.revision());
		}
		catch (KvValueConversionException ex) {
			throw KvValueConversionException.reading(persistentEntity.getBucket(), entry.key(), entry.revision(), type,
					ex);
		}
		entity = this.entityCallbacks.callback(AfterConvertCallback.class, entity, entry.key());
		return new KvStoredEntity<>(entry.key(), entry.revision(), entity);
	}

	/**
	 * The entities of a scan's entries, each unreadable one passed to the conversion failure handler, which fails
	 * the scan or leaves it out.
	 */
	private <T> Stream<KvStoredEntity<T>> readAll(Class<T> type, Stream<KvEntry<byte[]>> entries) {
		KvConversionFailureHandler handler = this.conversionFailureHandler;
		return entries.mapMulti((entry, sink) -> {
			KvStoredEntity<T> stored;
			try {
				stored = read(type, entry);
			}
			catch (KvValueConversionException ex) {
				handler.handle(ex);
				return;
			}
			sink.accept(stored);
		});
	}

	/**
	 * The id of the entity of a type that a key belongs to, decoded from the key with the key codec: for entries
	 * that carry no value (deletes, purges and expiries), for example.
	 * @param type the entity type
	 * @param key a key of an entity of that type
	 * @return the id, of the type's id type
	 * @throws IllegalArgumentException if the key is not under the type's key prefix or its tokens are not an
	 * encoded id
	 */
	public Object idFromKey(Class<?> type, String key) {
		KvPersistentEntity<?> entity = entity(type);
		String prefix = entity.getKeyPrefix();
		Assert.isTrue(prefix.isEmpty() || (key.startsWith(prefix + ".") && key.length() > prefix.length() + 1),
				() -> "Key '" + key + "' is not a key of " + type.getName() + ": it does not start with '" + prefix
						+ ".'");
		return idFromKey(entity, key);
	}

	private Object idFromKey(KvPersistentEntity<?> entity, String key) {
		String tokens = entity.getKeyPrefix().isEmpty() ? key : key.substring(entity.getKeyPrefix().length() + 1);
		return this.keyCodec.decode(tokens, entity.getRequiredIdProperty().getType());
	}

	// ---- deletes

	/**
	 * Deletes an entity; a versioned entity is deleted only at its version.
	 * @param <T> the entity type
	 * @param entity the entity
	 */
	public <T> void delete(T entity) {
		KvPersistentEntity<?> persistentEntity = entity(entity.getClass());
		KvWrite delete = deletion(persistentEntity, entity);
		if (delete == null) {
			return;
		}
		if (delete.expectedRevision() > 0) {
			this.operations.delete(persistentEntity.getBucket(), delete.key(), delete.expectedRevision());
		}
		else {
			this.operations.delete(persistentEntity.getBucket(), delete.key());
		}
	}

	/**
	 * Deletes entities of one type with pipelined writes; each versioned entity only at its version.
	 * @param <T> the entity type
	 * @param type the entity type
	 * @param entities the entities
	 * @throws KvBatchWriteException listing each entity that could not be deleted (a stale version, say), after
	 * the others were
	 */
	public <T> void deleteAll(Class<T> type, Iterable<? extends T> entities) {
		KvPersistentEntity<?> persistentEntity = entity(type);
		List<KvWrite> deletes = new ArrayList<>();
		for (T entity : entities) {
			KvWrite delete = deletion(persistentEntity, entity);
			if (delete != null) {
				deletes.add(delete);
			}
		}
		deleteAll(persistentEntity, deletes);
	}

	/**
	 * Deletes the entities of one type with the given ids, with pipelined writes.
	 * @param type the entity type
	 * @param ids the ids
	 * @throws KvBatchWriteException listing each id that could not be deleted, after the others were
	 */
	public void deleteAllById(Class<?> type, Iterable<?> ids) {
		List<KvWrite> deletes = new ArrayList<>();
		ids.forEach((id) -> deletes.add(KvWrite.delete(key(type, id))));
		deleteAll(entity(type), deletes);
	}

	private void deleteAll(KvPersistentEntity<?> persistentEntity, List<KvWrite> deletes) {
		if (deletes.isEmpty()) {
			return;
		}
		List<KvWriteResult> results = this.operations.writeAll(persistentEntity.getBucket(), deletes);
		if (results.stream().anyMatch((result) -> !result.succeeded())) {
			throw new KvBatchWriteException(persistentEntity.getBucket(), "deletes", results);
		}
	}

	/**
	 * The delete of an entity: at its version if it is versioned and was loaded, or {@code null} without an id.
	 */
	private @Nullable KvWrite deletion(KvPersistentEntity<?> persistentEntity, Object entity) {
		Object id = persistentEntity.getPropertyAccessor(entity).getProperty(persistentEntity.getRequiredIdProperty());
		if (id == null) {
			return null;
		}
		String key = key(persistentEntity.getType(), id);
		KvPersistentProperty versionProperty = persistentEntity.getVersionProperty();
		Object version = (versionProperty != null)
				? persistentEntity.getPropertyAccessor(entity).getProperty(versionProperty) : null;
		return (version instanceof Number revision && revision.longValue() > 0)
				? KvWrite.delete(key, revision.longValue()) : KvWrite.delete(key);
	}

	/**
	 * Deletes the entity with the id, whatever its version.
	 * @param type the entity type
	 * @param id the id
	 */
	public void deleteById(Class<?> type, Object id) {
		this.operations.delete(entity(type).getBucket(), key(type, id));
	}

	/**
	 * Deletes every entity of a type with a purge marker per key, so that watchers and listeners see each go.
	 * @param type the entity type
	 * @return how many were deleted
	 */
	public long deleteAll(Class<?> type) {
		return this.operations.purgeAll(entity(type).getBucket(), filter(type));
	}

	/**
	 * An entity ready to write: after its callbacks, with its id, key and converted value.
	 */
	private record Prepared<T>(KvPersistentEntity<T> persistentEntity, T entity, String key, KvWrite write) {

	}

}
