package io.github.kvspring.data.core;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A transaction on one bucket: reads see the transaction's own writes; the writes are kept until the callback
 * returns, then committed as one atomic batch in which every written key is checked against the revision the
 * transaction saw of it (or must still be absent). A key written without being read first is read when it is
 * written, so that no update is lost. Nothing is sent if the callback throws. The transaction keeps the entry it
 * saw of each key: a key got again reads the same.
 * <h2>Serializable transactions</h2>
 * In a {@link KvIsolation#SERIALIZABLE} transaction the commit also checks what the transaction only read, and
 * fails with a {@link KvTransactionConflictException} if any of it changed since:
 * <ul>
 * <li>a key read with {@link #get} must still be at the revision read (or still absent);</li>
 * <li>a range read with {@link #keys} or {@link #entries} must have had no write under its filter since (a new
 * key is a write under it: no phantoms); its newest revision is read from the stream leader before the
 * range.</li>
 * </ul>
 * The server checks one key or filter per message, and every written key needs the check of its own revision. So
 * each read goes to the message of a written key near it (the one whose filter it widens least), and that message
 * checks, instead of its own key, the narrowest filter over its key and those reads (of the form {@code a.*.c}, or
 * {@code a.*.>} for keys of different lengths), expecting the newest revision under the filter. At the commit,
 * those newest revisions are read from the stream leader, then every key and range read (and the key of every
 * message checking a filter) is read again: one changed already fails the commit before anything is sent; one
 * that changes later makes the server refuse the batch. The cost is a few leader reads at the commit, and wider
 * conflicts: during the commit, any write under a checked filter fails it, even of a key the transaction did not
 * read ({@code orders.>} is checked for a transaction reading {@code orders.open.>} and writing
 * {@code orders.total}). Where a filter would be the whole bucket ({@code >}, for a read of {@code limit} and a
 * write of {@code spent.today}), and on a replicated bucket, the first message checks the bucket's last revision
 * instead, besides its own key, so any write to the bucket during the commit fails it: on a replicated bucket the
 * server checks a filter only against the writes it has applied, not against writes still being replicated, and
 * would let a concurrent one through.
 * <p>
 * A serializable transaction that writes nothing is checked by reading its keys and ranges again from the stream
 * leader when the callback returns: it saw the bucket as it was at that moment. A key removed without a new entry
 * under a range (its messages purged from the stream, or expired on a bucket without limit markers) is not a
 * write and is not seen by a range's check.
 *
 * @see KeyValueOperations#executeInTransaction(String, KvIsolation, int, KvTransactionCallback)
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
	 * What the transaction's commit checks.
	 * @return the isolation
	 */
	KvIsolation isolation();

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
	 * The keys with a value under a filter as the transaction sees them: the bucket's, read in one server stream,
	 * with the transaction's own writes and the keys it read as it saw them. A serializable transaction's commit
	 * checks that nothing was written under the filter since.
	 * @param filter a key filter ({@code *} matches one token, {@code >} the rest, {@code >} alone every key)
	 * @return the keys, by the revision of the bucket's latest entry of each (keys without one last)
	 */
	List<String> keys(String filter);

	/**
	 * The entries with a value under a filter as the transaction sees them, as {@link #keys(String)}; the
	 * transaction keeps each entry as the one it saw of its key (own writes at revision 0).
	 * @param <T> the value type
	 * @param filter a key filter ({@code *} matches one token, {@code >} the rest, {@code >} alone every key)
	 * @param type the value type
	 * @return the entries, by the revision of the bucket's latest entry of each key (keys without one last)
	 */
	<T> List<KvEntry<T>> entries(String filter, Class<T> type);

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
