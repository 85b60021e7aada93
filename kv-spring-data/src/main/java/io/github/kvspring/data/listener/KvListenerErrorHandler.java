package io.github.kvspring.data.listener;

import io.github.kvspring.data.core.KvEntry;

/**
 * Decides what happens when a listener fails on an entry. The default methods log the listener, bucket, key and
 * revision and carry on: a failing entry never stops a listener.
 */
public interface KvListenerErrorHandler {

	/**
	 * Called when the listener method threw, or its value could not be converted.
	 * @param container the listener's container
	 * @param entry the entry, its value as bytes; for a method that takes changes whole, the change's first entry
	 * @param failure the exception
	 */
	default void handleFailure(KvListenerContainer container, KvEntry<byte[]> entry, Exception failure) {
		System.getLogger(KvListenerErrorHandler.class.getName()).log(System.Logger.Level.ERROR,
				"Listener '" + container.getId() + "' failed on key '" + entry.key() + "' at revision "
						+ entry.revision() + " of bucket '" + entry.bucket() + "'; it carries on with the next entry",
				failure);
	}

	/**
	 * Called when the listener's watch could not be started or resumed; the container retries with backoff.
	 * @param container the listener's container
	 * @param failure the exception
	 */
	default void handleWatchFailure(KvListenerContainer container, Exception failure) {
		System.getLogger(KvListenerErrorHandler.class.getName()).log(System.Logger.Level.WARNING,
				"Listener '" + container.getId() + "' could not watch bucket '" + container.getEndpoint().bucket()
						+ "': " + failure.getMessage() + "; retrying");
	}

	/**
	 * The default handler: logs and carries on.
	 * @return the handler
	 */
	static KvListenerErrorHandler logging() {
		return new KvListenerErrorHandler() {
		};
	}

}
