package io.github.kvspring.data.core;

import org.jspecify.annotations.Nullable;

/**
 * A transaction on one bucket: reads see the transaction's own writes; the writes are kept until the callback
 * returns, then committed as one atomic batch in which every written key is checked against the revision the
 * transaction saw of it (or must still be absent). A key written without being read first is read when it is
 * written, so that no update is lost. Nothing is sent if the callback throws.
 *
 * @see KeyValueOperations#executeInTransaction(String, KvTransactionCallback)
 */
public interface KvTransaction {

	/**
	 * The most keys one transaction can write: the server's limit on an atomic batch.
	 */
	int MAX_WRITES = 1000;

	/**
	 * The bucket the transaction works on.
	 * @return the bucket name
	 */
	String bucket();

	/**
	 * Reads a key as the transaction sees it: its own write if it wrote the key, else the bucket's value, whose
	 * revision the commit then checks.
	 * @param <T> the value type
	 * @param key the key
	 * @param type the value type
	 * @return the entry, or {@code null} if the key has no value (never written, deleted or purged)
	 */
	<T> @Nullable KvEntry<T> get(String key, Class<T> type);

	/**
	 * Writes a value, replacing any.
	 * @param key the key
	 * @param value the value
	 */
	void put(String key, Object value);

	/**
	 * Writes a value where the key has none: the commit fails if it has one by then.
	 * @param key the key
	 * @param value the value
	 * @throws KvKeyExistsException if the key has a value as the transaction sees it
	 */
	void create(String key, Object value);

	/**
	 * Writes a value if the key is at the expected revision (checked now against what the transaction sees, and
	 * again by the commit).
	 * @param key the key
	 * @param value the value
	 * @param expectedRevision the revision the key must be at
	 * @throws KvRevisionMismatchException if the key is at another revision as the transaction sees it
	 */
	void update(String key, Object value, long expectedRevision);

	/**
	 * Deletes a key's value (a delete marker; history kept).
	 * @param key the key
	 */
	void delete(String key);

	/**
	 * Purges a key: a purge marker replaces its history.
	 * @param key the key
	 */
	void purge(String key);

}
