package io.github.kvspring.data.core;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;

/**
 * A create found the key with a live value. Nothing was written.
 */
public class KvKeyExistsException extends DuplicateKeyException {

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
	public KvKeyExistsException(String bucket, String key, @Nullable Throwable cause) {
		super("Key '" + key + "' already has a value in bucket '" + bucket + "'; nothing was written", cause);
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
