package io.github.kvspring.data.core;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;

/**
 * A write refused because it would break a limit of the bucket. Nothing was written.
 */
public class KvLimitExceededException extends DataIntegrityViolationException {

	private static final long serialVersionUID = 1L;

	/** The bucket. */
	private final String bucket;

	/** The key written. */
	private final String key;

	/** The limit broken. */
	private final Limit limit;

	/**
	 * Creates an exception.
	 * @param bucket the bucket
	 * @param key the key written
	 * @param limit the limit broken
	 * @param detail the limit's value or the server's words
	 * @param cause the jnats failure
	 */
	public KvLimitExceededException(String bucket, String key, Limit limit, String detail, @Nullable Throwable cause) {
		super("Writing key '" + key + "' to bucket '" + bucket + "' exceeds its " + limit.description + " (" + detail
				+ "); nothing was written", cause);
		this.bucket = bucket;
		this.key = key;
		this.limit = limit;
	}

	/**
	 * The bucket.
	 * @return the bucket
	 */
	public String getBucket() {
		return this.bucket;
	}

	/**
	 * The key written.
	 * @return the key
	 */
	public String getKey() {
		return this.key;
	}

	/**
	 * The limit broken.
	 * @return the limit
	 */
	public Limit getLimit() {
		return this.limit;
	}

	/**
	 * The limits a write can break.
	 */
	public enum Limit {

		/**
		 * The bucket's maximum value size (headers count toward it).
		 */
		MAX_VALUE_SIZE("maximum value size"),

		/**
		 * The bucket's maximum size in bytes: new keys are refused while overwrites, deletes and purges still
		 * work.
		 */
		MAX_BUCKET_SIZE("maximum bucket size");

		private final String description;

		Limit(String description) {
			this.description = description;
		}

	}

}
