package io.github.kvspring.data.core;

import java.time.Duration;
import java.util.List;

/**
 * A member's view of a group's durable consumer: every member of the group opens one on the same consumer, and
 * the server hands entries to one of them at a time (the <em>active</em> member, pinned by the server). Entries
 * come change by change (an entry, or a transaction's entries together) in revision order, and each is
 * {@linkplain #acknowledge acknowledged} once handled; a member that takes over first rewinds the consumer to the
 * first entry not acknowledged, so nothing is skipped and the order holds. Not thread-safe, except
 * {@link #keepAlive()} and {@link #acknowledge}, which another thread may call while one reads.
 */
public interface KvGroupCursor extends AutoCloseable {

	/**
	 * The next change, waiting for it at most the given time; only the active member receives any.
	 * @param timeout how long to wait at most
	 * @return the change's entries in revision order, or an empty list if none came in time
	 * @throws KvWatchLostException if the consumer is gone or cannot be reached: open another cursor
	 * @throws InterruptedException if the calling thread is interrupted
	 */
	List<KvEntry<byte[]>> nextChange(Duration timeout) throws InterruptedException;

	/**
	 * Acknowledges a change returned by {@link #nextChange}: the server will not send its entries again.
	 * @param change the change
	 */
	void acknowledge(List<KvEntry<byte[]>> change);

	/**
	 * Keeps this member's hold: while active, asks for more often enough that the server keeps it active, and
	 * reports progress on the entries it holds, so that neither failover nor redelivery happens while a method is
	 * slow. Call it every 100 ms or so from a thread other than the reader's.
	 */
	void keepAlive();

	/**
	 * The connection came back: the cursor asks again, and rewinds if something was missed meanwhile.
	 */
	void reconnected();

	/**
	 * Whether this member is the active one of its group.
	 * @return whether it receives entries
	 */
	boolean isActive();

	/**
	 * How many matching entries the group still has to handle after the last one this member received.
	 * @return the entries pending, as the server last said
	 */
	long pending();

	/**
	 * The name of the group's durable consumer.
	 * @return the consumer name
	 */
	String getConsumerName();

	/**
	 * Stops reading; an active member hands over to another at once and gives back the entries it received and did
	 * not acknowledge (a negative acknowledgement), so the member that takes over handles them at once. Does nothing
	 * the second time.
	 */
	@Override
	void close();

}
