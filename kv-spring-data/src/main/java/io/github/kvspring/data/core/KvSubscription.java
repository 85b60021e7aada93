package io.github.kvspring.data.core;

import java.time.Duration;

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
	 * Waits until every matching entry written before this call has been delivered to the listener (its
	 * {@code onEntry} has returned). It asks the stream leader for the newest matching revision, so it costs one
	 * round trip, and waits no longer than the timeout.
	 * @param timeout how long to wait at most
	 * @return whether the watch caught up in time; {@code false} as well if it has stopped or lost its server
	 * consumer (after a server restart, for example)
	 */
	boolean awaitCaughtUp(Duration timeout);

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
