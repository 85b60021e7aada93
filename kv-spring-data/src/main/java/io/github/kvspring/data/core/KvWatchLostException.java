package io.github.kvspring.data.core;

import org.springframework.dao.TransientDataAccessResourceException;

/**
 * A watch's server consumer is gone (deleted, its server stopped or unreachable, removed for inactivity) or a
 * message of it was missed, so the watch delivers nothing more. Transient: a new watch from the last entry
 * handled + 1 resumes without loss.
 */
public class KvWatchLostException extends TransientDataAccessResourceException {

	private static final long serialVersionUID = 1L;

	/** The bucket. */
	private final String bucket;

	/**
	 * Creates the exception.
	 * @param bucket the bucket
	 * @param reason what happened
	 */
	public KvWatchLostException(String bucket, String reason) {
		super("Watch of bucket '" + bucket + "' lost its server consumer: " + reason);
		this.bucket = bucket;
	}

	/**
	 * The bucket.
	 * @return the bucket
	 */
	public String getBucket() {
		return this.bucket;
	}

}
