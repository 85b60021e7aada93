package io.github.kvspring.data.core;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.NonTransientDataAccessException;

/**
 * A write got no answer in time: it may or may not have been applied (a timed-out write has been seen applied
 * after a reconnect in one run and lost in another). It was not retried. Read the key before deciding what to do,
 * above all for conditional writes.
 * <p>
 * This is deliberately a {@link NonTransientDataAccessException}, not a
 * {@link org.springframework.dao.TransientDataAccessException} (such as a query timeout): generic retry support
 * (Spring's {@code @Retryable}, spring-retry classifiers, Spring Batch skip/retry policies) retries transient
 * exceptions by resending the same call, and resending a write that may already have landed can apply it twice or
 * overwrite a newer value. Nor is it an {@link org.springframework.dao.UncategorizedDataAccessException}: what
 * happened is known exactly — the outcome is unknown — and the remedy is fixed: re-read the key, then decide.
 */
public class KvWriteOutcomeUnknownException extends NonTransientDataAccessException {

	private static final long serialVersionUID = 1L;

	/** The bucket. */
	private final String bucket;

	/** The key. */
	private final String key;

	/**
	 * Creates an exception.
	 * @param bucket the bucket
	 * @param key the key
	 * @param cause the jnats failure
	 */
	public KvWriteOutcomeUnknownException(String bucket, String key, @Nullable Throwable cause) {
		super("Write of key '" + key + "' to bucket '" + bucket
				+ "' got no answer in time; its outcome is unknown: read the key before retrying", cause);
		this.bucket = bucket;
		this.key = key;
	}

	/**
	 * Creates an exception with its own message.
	 * @param message the message
	 * @param bucket the bucket
	 * @param key the key
	 * @param cause the failure
	 */
	protected KvWriteOutcomeUnknownException(String message, String bucket, String key, @Nullable Throwable cause) {
		super(message, cause);
		this.bucket = bucket;
		this.key = key;
	}

	/**
	 * The bucket.
	 * @return the bucket
	 */
	public String getBucket() {
		return this.bucket;
	}

	/**
	 * The key.
	 * @return the key
	 */
	public String getKey() {
		return this.key;
	}

}
