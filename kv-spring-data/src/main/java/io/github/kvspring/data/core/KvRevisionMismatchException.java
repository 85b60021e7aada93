package io.github.kvspring.data.core;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.OptimisticLockingFailureException;

/**
 * A compare-and-set write (update, delete or purge at an expected revision) found the key at another revision:
 * someone else wrote it first. Nothing was written. Re-read and decide; never retry blindly.
 */
public class KvRevisionMismatchException extends OptimisticLockingFailureException {

	private static final long serialVersionUID = 1L;

	/** The bucket. */
	private final String bucket;

	/** The key. */
	private final String key;

	/** The revision the write expected. */
	private final long expectedRevision;

	/** The key's revision the server reported, if it did. */
	private final @Nullable Long currentRevision;

	/**
	 * Creates an exception.
	 * @param bucket the bucket
	 * @param key the key
	 * @param expectedRevision the revision the write expected
	 * @param currentRevision the key's revision as the server reported it, if it did
	 * @param cause the jnats failure
	 */
	public KvRevisionMismatchException(String bucket, String key, long expectedRevision,
			@Nullable Long currentRevision, @Nullable Throwable cause) {
		super("Key '" + key + "' in bucket '" + bucket + "' is not at the expected revision " + expectedRevision
				+ ((currentRevision != null) ? " but at " + currentRevision : "") + "; nothing was written", cause);
		this.bucket = bucket;
		this.key = key;
		this.expectedRevision = expectedRevision;
		this.currentRevision = currentRevision;
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

	/**
	 * The revision the write expected.
	 * @return the expected revision
	 */
	public long getExpectedRevision() {
		return this.expectedRevision;
	}

	/**
	 * The key's revision as the server reported it (0 when the key has no entry).
	 * @return the current revision, or {@code null} if unknown
	 */
	public @Nullable Long getCurrentRevision() {
		return this.currentRevision;
	}

}
