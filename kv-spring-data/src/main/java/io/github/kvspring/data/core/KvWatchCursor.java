package io.github.kvspring.data.core;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A watch that the caller reads at its own pace, on its own thread: each {@link #next} asks the server for more
 * only once the entries already fetched are taken, so a slow reader slows the server down instead of buffering
 * without bound. It reads an ephemeral pull consumer with server heartbeats, and reports the consumer lost so that
 * the caller can open a new one where it left off: at once when the server says it was deleted, within about a
 * second when its server is gone (0.6 s without a heartbeat, then one check), and on a missed message. Not
 * thread-safe: one reader at a time.
 */
public interface KvWatchCursor extends AutoCloseable {

	/**
	 * The next entry, waiting for it at most the given time. Delete, purge and expiry markers are included unless
	 * the watch ignores deletes.
	 * @param timeout how long to wait at most
	 * @return the entry (its value as bytes; {@code null} for markers and meta-only watches), or {@code null} if
	 * none arrived in time
	 * @throws KvWatchLostException if the server consumer is gone or a message was missed: nothing more will
	 * come, open another cursor
	 * @throws InterruptedException if the calling thread is interrupted
	 */
	@Nullable KvEntry<byte[]> next(Duration timeout) throws InterruptedException;

	/**
	 * The next change: an entry written on its own, or every entry of one transaction that the watch matches
	 * (a {@link KeyValueOperations#executeInTransaction transaction} commits as one atomic batch), together and in
	 * revision order, once all of them have arrived. A transaction's entries are stored at once, so this never waits
	 * for a later write. Read a cursor with this method or with {@link #next}, not both.
	 * @param timeout how long to wait at most
	 * @return the change's entries (values as bytes; {@code null} for markers and meta-only watches), or an empty
	 * list if no change was complete in time
	 * @throws KvWatchLostException if the server consumer is gone or a message was missed: nothing more will
	 * come, open another cursor where the last change returned ends (a transaction partly received is dropped)
	 * @throws InterruptedException if the calling thread is interrupted
	 */
	List<KvEntry<byte[]>> nextChange(Duration timeout) throws InterruptedException;

	/**
	 * How many matching entries the server still had to deliver after the last one returned.
	 * @return the entries pending, 0 once caught up
	 */
	long pending();

	/**
	 * Whether every entry that matched when the cursor was opened has been returned (true from the start for an
	 * empty bucket, no matching key, or a watch of new changes only).
	 * @return whether the initial data has been read
	 */
	boolean isCaughtUp();

	/**
	 * Stops reading and deletes the server consumer (waiting for that a short while at most); entries the server
	 * still sends are dropped. Does nothing the second time.
	 */
	@Override
	void close();

}
