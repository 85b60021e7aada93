package io.github.kvspring.data.core;

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
