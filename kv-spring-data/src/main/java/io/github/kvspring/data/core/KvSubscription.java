package io.github.kvspring.data.core;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A running watch. Stopping it removes its server consumer; it never delivers afterwards.
 */
public interface KvSubscription extends AutoCloseable {

	/**
	 * Whether the watch still delivers.
	 * @return whether it runs
	 */
	boolean isActive();

	/**
	 * The revision of the last entry delivered, or 0 if none yet.
	 * @return the last delivered revision
	 */
	long lastRevision();

	/**
	 * How many matching entries were still to be delivered when the last one was: 0 once the watch has caught
	 * up with the bucket.
	 * @return the entries pending behind the last delivered one
	 */
	long pending();

	/**
	 * Why the watch can no longer be trusted to deliver every change: stopped, its connection closed, its server
	 * consumer gone, or entries removed without an event (a stream purge); {@code null} while it is sound.
	 * @return the reason, or {@code null}
	 */
	@Nullable String lostReason();

	/**
	 * Waits until every matching entry written before this call has been delivered to the listener (its
	 * {@code onEntry} has returned). It asks the stream leader for the newest matching revision, so it costs one
	 * round trip, and waits no longer than the timeout, that request included.
	 * @param timeout how long to wait at most
	 * @return whether the watch caught up in time; {@code false} when the time ran out (see {@link #lostReason()}
	 * to tell a slow watch from a lost one)
	 * @throws InterruptedException if the calling thread is interrupted while it waits
	 */
	boolean awaitCaughtUp(Duration timeout) throws InterruptedException;

	/**
	 * Stops the watch; does nothing if it has stopped already.
	 */
	void stop();

	/**
	 * Stops the watch, as {@link #stop()}.
	 */
	@Override
	default void close() {
		stop();
	}

}
