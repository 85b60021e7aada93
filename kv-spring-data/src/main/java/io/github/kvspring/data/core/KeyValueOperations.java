package io.github.kvspring.data.core;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * Every operation of the NATS JetStream Key/Value store, over any bucket, with values converted by the
 * template's converter. Keys are validated before anything is sent ({@link KvKeys}); failures are Spring
 * {@link org.springframework.dao.DataAccessException}s with the jnats exception as their cause.
 *
 * @see KeyValueTemplate
 */
public interface KeyValueOperations {

	/**
	 * The latest value of a key.
	 * @param <T> the value type
	 * @param bucket the bucket
	 * @param key the key
	 * @param type the value type
	 * @return the entry, or {@code null} if the key has no value (never written, deleted, purged or expired)
	 */
	<T> @Nullable KvEntry<T> get(String bucket, String key, Class<T> type);

	/**
	 * The value of a key at a revision.
	 * @param <T> the value type
	 * @param bucket the bucket
	 * @param key the key
	 * @param revision the revision
	 * @param type the value type
	 * @return the entry, or {@code null} if that revision is not a value of this key or is no longer retained
	 */
	<T> @Nullable KvEntry<T> get(String bucket, String key, long revision, Class<T> type);

	/**
	 * Writes a value, whatever the key holds.
	 * @param bucket the bucket
	 * @param key the key
	 * @param value the value
	 * @return the new revision
	 */
	long put(String bucket, String key, Object value);

	/**
	 * Writes a value that the server removes after the given time (per-key TTL). Needs nats-server 2.11 or
	 * newer and a bucket with history 1 and a limit marker TTL; refused otherwise, with nothing written.
	 * @param bucket the bucket
	 * @param key the key
	 * @param value the value
	 * @param ttl how long the value lives, at least one second
	 * @return the new revision
	 */
	long put(String bucket, String key, Object value, Duration ttl);

	/**
	 * The latest values of many keys, read with pipelined requests (about one round trip for all), with the
	 * same read consistency as {@link #get(String, String, Class)}.
	 * @param <T> the value type
	 * @param bucket the bucket
	 * @param keys the keys
	 * @param type the value type
	 * @return the entries of the keys that hold a value, in the order asked for
	 */
	<T> Map<String, KvEntry<T>> getAll(String bucket, Collection<String> keys, Class<T> type);

	/**
	 * Applies many writes with pipelined publishes (up to 1,000 in flight) and one wait for all
	 * acknowledgements. Every key, value and TTL is checked before anything is sent; each write then succeeds
	 * or fails on its own (a create or update meeting a concurrent write fails alone), and the results say which.
	 * @param bucket the bucket
	 * @param writes the writes
	 * @return each write's outcome, in the order given
	 */
	List<KvWriteResult> writeAll(String bucket, List<KvWrite> writes);

	/**
	 * Writes a value only if the key has no live value (never written, or its latest entry is a marker).
	 * @param bucket the bucket
	 * @param key the key
	 * @param value the value
	 * @return the new revision
	 * @throws KvKeyExistsException if the key has a value
	 */
	long create(String bucket, String key, Object value);

	/**
	 * As {@link #create(String, String, Object)}, with a per-key TTL (see
	 * {@link #put(String, String, Object, Duration)} for its requirements).
	 * @param bucket the bucket
	 * @param key the key
	 * @param value the value
	 * @param ttl how long the value lives, at least one second
	 * @return the new revision
	 * @throws KvKeyExistsException if the key has a value
	 */
	long create(String bucket, String key, Object value, Duration ttl);

	/**
	 * Writes a value only if the key's latest revision is the expected one (compare-and-set).
	 * @param bucket the bucket
	 * @param key the key
	 * @param value the value
	 * @param expectedRevision the revision the key must be at; 0 means the key must have no entry at all
	 * @return the new revision
	 * @throws KvRevisionMismatchException if the key is at another revision
	 */
	long update(String bucket, String key, Object value, long expectedRevision);

	/**
	 * Atomically reads a key, applies the function and compare-and-sets the result, re-reading and retrying
	 * (with jittered backoff) when another writer got in first, up to the template's attempt limit. Other
	 * failures are never retried.
	 * @param <T> the value type
	 * @param bucket the bucket
	 * @param key the key
	 * @param type the value type
	 * @param change turns the current value ({@code null} if the key has none) into the new one; it may run
	 * more than once and must have no side effects
	 * @return the value written, its revision and the attempts it took
	 * @throws KvRevisionMismatchException if every attempt met a concurrent write
	 */
	<T> KvModification<T> modify(String bucket, String key, Class<T> type, Function<@Nullable T, T> change);

	/**
	 * Runs a callback in a transaction on one bucket and commits its writes as one atomic batch: all of them or
	 * none, each key checked against the revision the transaction saw of it. The bucket must accept atomic writes
	 * ({@link KvBucketDefinition#atomicWrites()}, nats-server 2.12+).
	 * @param <T> the result type
	 * @param bucket the bucket
	 * @param callback the reads and writes; nothing is written if it throws
	 * @return the callback's result
	 * @throws KvTransactionConflictException if a written key changed since the transaction saw it (nothing was
	 * written)
	 * @throws KvTransactionOutcomeUnknownException if the commit got no answer in time
	 */
	<T extends @Nullable Object> T executeInTransaction(String bucket, KvTransactionCallback<T> callback);

	/**
	 * As {@link #executeInTransaction(String, KvTransactionCallback)}, running the callback again when the commit
	 * meets a conflict, up to the attempts given.
	 * @param <T> the result type
	 * @param bucket the bucket
	 * @param maxAttempts the most times the callback runs, at least 1
	 * @param callback the reads and writes; it may run more than once and must have no side effects outside the
	 * transaction
	 * @return the callback's result
	 * @throws KvTransactionConflictException if every attempt met a conflict
	 */
	<T extends @Nullable Object> T executeInTransaction(String bucket, int maxAttempts,
			KvTransactionCallback<T> callback);

	/**
	 * As {@link #executeInTransaction(String, int, KvTransactionCallback)}, with the isolation given:
	 * {@link KvIsolation#SERIALIZABLE} also checks the keys and key ranges the transaction only read (see
	 * {@link KvTransaction} for the rules and their cost).
	 * @param <T> the result type
	 * @param bucket the bucket
	 * @param isolation what the commit checks
	 * @param maxAttempts the most times the callback runs, at least 1
	 * @param callback the reads and writes; it may run more than once and must have no side effects outside the
	 * transaction
	 * @return the callback's result
	 * @throws KvTransactionConflictException if every attempt met a conflict
	 * @throws KvTransactionOutcomeUnknownException if the commit got no answer in time
	 */
	<T extends @Nullable Object> T executeInTransaction(String bucket, KvIsolation isolation, int maxAttempts,
			KvTransactionCallback<T> callback);

	/**
	 * Deletes a key: writes a delete marker that hides its values (history keeps them).
	 * @param bucket the bucket
	 * @param key the key
	 * @return the marker's revision
	 */
	long delete(String bucket, String key);

	/**
	 * Deletes a key only if its latest revision is the expected one.
	 * @param bucket the bucket
	 * @param key the key
	 * @param expectedRevision the revision the key must be at
	 * @return the marker's revision
	 * @throws KvRevisionMismatchException if the key is at another revision
	 */
	long delete(String bucket, String key, long expectedRevision);

	/**
	 * Purges a key: writes a purge marker and drops every earlier entry of the key.
	 * @param bucket the bucket
	 * @param key the key
	 * @return the marker's revision
	 */
	long purge(String bucket, String key);

	/**
	 * Purges a key only if its latest revision is the expected one.
	 * @param bucket the bucket
	 * @param key the key
	 * @param expectedRevision the revision the key must be at
	 * @return the marker's revision
	 * @throws KvRevisionMismatchException if the key is at another revision
	 */
	long purge(String bucket, String key, long expectedRevision);

	/**
	 * Purges every key (or every key matching the filters) that holds a value or a delete marker, with one
	 * purge marker per key (pipelined), so that watchers, listeners and caches see each key go.
	 * @param bucket the bucket
	 * @param filters key filters; none for every key
	 * @return the number of keys purged
	 * @see #purgeAllSilently(String)
	 */
	long purgeAll(String bucket, String... filters);

	/**
	 * Empties the bucket's stream in one call. Fast, but <strong>invisible to watchers</strong>: no watch,
	 * listener or cache hears of it and they keep the values they had. Use {@link #purgeAll(String, String...)} unless
	 * nothing watches the bucket.
	 * @param bucket the bucket
	 */
	void purgeAllSilently(String bucket);

	/**
	 * The keys that hold a value, all or those matching the filters.
	 * @param bucket the bucket
	 * @param filters key filters ({@code *} one token, {@code >} the rest); none for every key
	 * @return the keys, in the order of their latest revision
	 */
	List<String> keys(String bucket, String... filters);

	/**
	 * The keys in the given scope, all or those matching the filters.
	 * @param bucket the bucket
	 * @param scope live keys only, or every key with any entry retained
	 * @param filters key filters; none for every key
	 * @return the keys, in the order of their latest revision
	 */
	List<String> keys(String bucket, KvKeyScope scope, String... filters);

	/**
	 * As {@link #keys(String, KvKeyScope, String...)}, read lazily with bounded memory for large buckets.
	 * Close the stream (try-with-resources) if it is not read to the end.
	 * @param bucket the bucket
	 * @param scope live keys only, or every key with any entry retained
	 * @param filters key filters; none for every key
	 * @return the keys
	 */
	Stream<String> streamKeys(String bucket, KvKeyScope scope, String... filters);

	/**
	 * The latest value of every key matching the filters, read in one server stream with bounded memory. Close
	 * the stream if it is not read to the end.
	 * @param <T> the value type
	 * @param bucket the bucket
	 * @param type the value type
	 * @param filters key filters; none for every key
	 * @return the entries holding a value, in the order of their revision
	 */
	<T> Stream<KvEntry<T>> streamEntries(String bucket, Class<T> type, String... filters);

	/**
	 * Every retained entry of a key, oldest first: values and the delete, purge and expiry markers among them.
	 * @param <T> the value type
	 * @param bucket the bucket
	 * @param key the key
	 * @param type the value type
	 * @return the history, empty if the key has none
	 */
	<T> List<KvEntry<T>> history(String bucket, String key, Class<T> type);

	/**
	 * Watches keys matching the filters.
	 * @param <T> the value type
	 * @param bucket the bucket
	 * @param filters key filters ({@code *}, {@code >} allowed)
	 * @param type the value type
	 * @param options where to start and what to deliver
	 * @param listener receives the entries
	 * @return the running watch, to stop it
	 */
	<T> KvSubscription watch(String bucket, List<String> filters, Class<T> type, KvWatchOptions options,
			KvWatchListener<T> listener);

	/**
	 * Watches one key or filter with the default options.
	 * @param <T> the value type
	 * @param bucket the bucket
	 * @param filter a key or filter
	 * @param type the value type
	 * @param listener receives the entries
	 * @return the running watch
	 */
	<T> KvSubscription watch(String bucket, String filter, Class<T> type, KvWatchListener<T> listener);

	/**
	 * Watches every key of the bucket.
	 * @param <T> the value type
	 * @param bucket the bucket
	 * @param type the value type
	 * @param options where to start and what to deliver
	 * @param listener receives the entries
	 * @return the running watch
	 */
	<T> KvSubscription watchAll(String bucket, Class<T> type, KvWatchOptions options, KvWatchListener<T> listener);

	/**
	 * Opens a watch that the caller reads at its own pace ({@link KvWatchCursor#next}): the server sends more
	 * only as entries are taken, and a lost server consumer is reported within seconds rather than going silent.
	 * This is what {@code @KvListener} containers read; close the cursor when done.
	 * @param bucket the bucket
	 * @param filters key filters ({@code *}, {@code >} allowed)
	 * @param options where to start and what to deliver
	 * @return the open cursor
	 */
	KvWatchCursor openWatchCursor(String bucket, List<String> filters, KvWatchOptions options);

	/**
	 * The bucket's settings and state, read from its stream.
	 * @param bucket the bucket
	 * @return the bucket, or {@code null} if it does not exist
	 */
	@Nullable KvBucketInfo bucketInfo(String bucket);

	/**
	 * A view of one bucket with one value type, so code need not repeat them.
	 * @param <T> the value type
	 * @param bucket the bucket
	 * @param type the value type
	 * @return the view
	 */
	<T> BoundKeyValueOperations<T> bucket(String bucket, Class<T> type);

}
