package io.github.kvspring.data.listener;

import io.github.kvspring.data.core.KvEntry;

import org.springframework.util.Assert;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Decides what happens when a listener fails on an entry. The default methods log the listener, bucket, key and
 * revision and carry on: a failing entry never stops a listener. A group listener first retries the method in place
 * as {@link #retryBackOff()} says (none by default), then calls {@link #handleFailure} and the factory's
 * {@link KvDeadLetterHandler}, if any, and goes on with the next change.
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
	 * How a group listener ({@code @KvListener(group = ...)}) retries a method that threw, in place, before the
	 * change is handed to {@link #handleFailure} and the dead-letter handler: each
	 * {@link org.springframework.util.backoff.BackOffExecution#nextBackOff()} is the wait before one more call, and
	 * {@code STOP} ends the retries. {@code new FixedBackOff(500, 2)} calls the method three times, 500 ms apart;
	 * an {@link org.springframework.util.backoff.ExponentialBackOff} with a maximum elapsed time bounds the whole.
	 * Later changes wait meanwhile, so the order holds. By default there are no retries. Listeners without a group
	 * never retry.
	 * @return the back-off, asked afresh for each failing change
	 */
	default BackOff retryBackOff() {
		return new FixedBackOff(0, 0);
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

	/**
	 * A handler that logs like {@link #logging()} and has group listeners retry a failing method as the back-off
	 * says.
	 * @param backOff the back-off between attempts, e.g. {@code new FixedBackOff(1000, 3)} for four calls
	 * @return the handler
	 */
	static KvListenerErrorHandler retrying(BackOff backOff) {
		Assert.notNull(backOff, "'backOff' must not be null");
		return new KvListenerErrorHandler() {

			@Override
			public BackOff retryBackOff() {
				return backOff;
			}

		};
	}

}
