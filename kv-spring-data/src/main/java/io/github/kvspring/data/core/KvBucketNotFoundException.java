package io.github.kvspring.data.core;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.InvalidDataAccessResourceUsageException;

/**
 * The bucket does not exist on the server.
 */
public class KvBucketNotFoundException extends InvalidDataAccessResourceUsageException {

	private static final long serialVersionUID = 1L;

	/** The bucket. */
	private final String bucket;

	/**
	 * Creates an exception.
	 * @param bucket the missing bucket
	 * @param cause the jnats failure
	 */
	public KvBucketNotFoundException(String bucket, @Nullable Throwable cause) {
		super("Bucket '" + bucket + "' does not exist; create it (nats.kv.buckets." + bucket
				+ ".* with a create policy) or fix the name", cause);
		this.bucket = bucket;
	}

	/**
	 * The missing bucket.
	 * @return the bucket
	 */
	public String getBucket() {
		return this.bucket;
	}

}
