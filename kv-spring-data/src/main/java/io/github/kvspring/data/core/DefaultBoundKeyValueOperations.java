package io.github.kvspring.data.core;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * Delegates every call to the operations with the bound bucket and type.
 */
final class DefaultBoundKeyValueOperations<T> implements BoundKeyValueOperations<T> {

	private final KeyValueOperations operations;

	private final String bucket;

	private final Class<T> type;

	DefaultBoundKeyValueOperations(KeyValueOperations operations, String bucket, Class<T> type) {
		this.operations = operations;
		this.bucket = KvKeys.requireValidBucketName(bucket);
		this.type = type;
	}

	@Override
	public String getBucket() {
		return this.bucket;
	}

	@Override
	public @Nullable KvEntry<T> get(String key) {
		return this.operations.get(this.bucket, key, this.type);
	}

	@Override
	public @Nullable KvEntry<T> get(String key, long revision) {
		return this.operations.get(this.bucket, key, revision, this.type);
	}

	@Override
	public long put(String key, T value) {
		return this.operations.put(this.bucket, key, value);
	}

	@Override
	public long put(String key, T value, Duration ttl) {
		return this.operations.put(this.bucket, key, value, ttl);
	}

	@Override
	public long create(String key, T value) {
		return this.operations.create(this.bucket, key, value);
	}

	@Override
	public long create(String key, T value, Duration ttl) {
		return this.operations.create(this.bucket, key, value, ttl);
	}

	@Override
	public long update(String key, T value, long expectedRevision) {
		return this.operations.update(this.bucket, key, value, expectedRevision);
	}

	@Override
	public KvModification<T> modify(String key, Function<@Nullable T, T> change) {
		return this.operations.modify(this.bucket, key, this.type, change);
	}

	@Override
	public long delete(String key) {
		return this.operations.delete(this.bucket, key);
	}

	@Override
	public long delete(String key, long expectedRevision) {
		return this.operations.delete(this.bucket, key, expectedRevision);
	}

	@Override
	public long purge(String key) {
		return this.operations.purge(this.bucket, key);
	}

	@Override
	public long purgeAll(String... filters) {
		return this.operations.purgeAll(this.bucket, filters);
	}

	@Override
	public List<String> keys(String... filters) {
		return this.operations.keys(this.bucket, filters);
	}

	@Override
	public Stream<KvEntry<T>> streamEntries(String... filters) {
		return this.operations.streamEntries(this.bucket, this.type, filters);
	}

	@Override
	public List<KvEntry<T>> history(String key) {
		return this.operations.history(this.bucket, key, this.type);
	}

	@Override
	public KvSubscription watch(List<String> filters, KvWatchOptions options, KvWatchListener<T> listener) {
		return this.operations.watch(this.bucket, filters, this.type, options, listener);
	}

	@Override
	public KvSubscription watchAll(KvWatchOptions options, KvWatchListener<T> listener) {
		return this.operations.watchAll(this.bucket, this.type, options, listener);
	}

}
