package io.github.kvspring.data.core;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * The operations of {@link KeyValueOperations} bound to one bucket and one value type.
 *
 * @param <T> the value type
 */
public interface BoundKeyValueOperations<T> {

	/**
	 * The bucket this view works on.
	 * @return the bucket
	 */
	String getBucket();

	/**
	 * See {@link KeyValueOperations#get(String, String, Class)}.
	 * @param key the key
	 * @return the entry, or {@code null} if the key has no value
	 */
	@Nullable KvEntry<T> get(String key);

	/**
	 * See {@link KeyValueOperations#get(String, String, long, Class)}.
	 * @param key the key
	 * @param revision the revision
	 * @return the entry, or {@code null}
	 */
	@Nullable KvEntry<T> get(String key, long revision);

	/**
	 * See {@link KeyValueOperations#put(String, String, Object)}.
	 * @param key the key
	 * @param value the value
	 * @return the new revision
	 */
	long put(String key, T value);

	/**
	 * See {@link KeyValueOperations#put(String, String, Object, Duration)}.
	 * @param key the key
	 * @param value the value
	 * @param ttl how long the value lives
	 * @return the new revision
	 */
	long put(String key, T value, Duration ttl);

	/**
	 * See {@link KeyValueOperations#create(String, String, Object)}.
	 * @param key the key
	 * @param value the value
	 * @return the new revision
	 */
	long create(String key, T value);

	/**
	 * See {@link KeyValueOperations#create(String, String, Object, Duration)}.
	 * @param key the key
	 * @param value the value
	 * @param ttl how long the value lives
	 * @return the new revision
	 */
	long create(String key, T value, Duration ttl);

	/**
	 * See {@link KeyValueOperations#update(String, String, Object, long)}.
	 * @param key the key
	 * @param value the value
	 * @param expectedRevision the revision the key must be at
	 * @return the new revision
	 */
	long update(String key, T value, long expectedRevision);

	/**
	 * See {@link KeyValueOperations#modify(String, String, Class, Function)}.
	 * @param key the key
	 * @param change turns the current value into the new one
	 * @return the outcome
	 */
	KvModification<T> modify(String key, Function<@Nullable T, T> change);

	/**
	 * See {@link KeyValueOperations#delete(String, String)}.
	 * @param key the key
	 * @return the marker's revision
	 */
	long delete(String key);

	/**
	 * See {@link KeyValueOperations#delete(String, String, long)}.
	 * @param key the key
	 * @param expectedRevision the revision the key must be at
	 * @return the marker's revision
	 */
	long delete(String key, long expectedRevision);

	/**
	 * See {@link KeyValueOperations#purge(String, String)}.
	 * @param key the key
	 * @return the marker's revision
	 */
	long purge(String key);

	/**
	 * See {@link KeyValueOperations#purgeAll(String, String...)}.
	 * @param filters key filters; none for every key
	 * @return the number of keys purged
	 */
	long purgeAll(String... filters);

	/**
	 * See {@link KeyValueOperations#keys(String, String...)}.
	 * @param filters key filters; none for every key
	 * @return the live keys
	 */
	List<String> keys(String... filters);

	/**
	 * See {@link KeyValueOperations#streamEntries(String, Class, String...)}.
	 * @param filters key filters; none for every key
	 * @return the entries holding a value
	 */
	Stream<KvEntry<T>> streamEntries(String... filters);

	/**
	 * See {@link KeyValueOperations#history(String, String, Class)}.
	 * @param key the key
	 * @return the history
	 */
	List<KvEntry<T>> history(String key);

	/**
	 * See {@link KeyValueOperations#watch(String, List, Class, KvWatchOptions, KvWatchListener)}.
	 * @param filters key filters
	 * @param options where to start and what to deliver
	 * @param listener receives the entries
	 * @return the running watch
	 */
	KvSubscription watch(List<String> filters, KvWatchOptions options, KvWatchListener<T> listener);

	/**
	 * See {@link KeyValueOperations#watchAll(String, Class, KvWatchOptions, KvWatchListener)}.
	 * @param options where to start and what to deliver
	 * @param listener receives the entries
	 * @return the running watch
	 */
	KvSubscription watchAll(KvWatchOptions options, KvWatchListener<T> listener);

}
