package io.github.kvspring.data.core;

import java.util.List;

import org.springframework.dao.InvalidDataAccessResourceUsageException;

/**
 * A live bucket differs from its definition (under the validate policy), or cannot be changed to match it.
 */
public class KvBucketValidationException extends InvalidDataAccessResourceUsageException {

	private static final long serialVersionUID = 1L;

	/** The bucket. */
	private final String bucket;

	/** Each differing setting, as "setting: expected X but was Y". */
	private final List<String> differences;

	/**
	 * Creates an exception listing each difference.
	 * @param bucket the bucket
	 * @param differences each differing setting, in words
	 */
	public KvBucketValidationException(String bucket, List<String> differences) {
		super("Bucket '" + bucket + "' does not match its definition: " + String.join("; ", differences));
		this.bucket = bucket;
		this.differences = List.copyOf(differences);
	}

	/**
	 * The bucket.
	 * @return the bucket
	 */
	public String getBucket() {
		return this.bucket;
	}

	/**
	 * Each differing setting.
	 * @return the differences, such as {@code "history: expected 5 but was 1"}
	 */
	public List<String> getDifferences() {
		return this.differences;
	}

}
