package io.github.kvspring.data.core;

/**
 * A bucket name that breaks the NATS KV bucket naming rule. Raised before anything is sent to the server; its
 * message names the bucket and the rule.
 */
public class InvalidBucketNameException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	/** The rejected bucket name. */
	private final String bucket;

	/**
	 * Creates an exception for the given bucket name and broken rule.
	 * @param bucket the rejected name
	 * @param rule the rule it breaks, in words
	 */
	public InvalidBucketNameException(String bucket, String rule) {
		super("Invalid bucket name '" + KvMessages.cut(bucket) + "': " + rule);
		this.bucket = bucket;
	}

	/**
	 * The rejected bucket name.
	 * @return the name
	 */
	public String getBucket() {
		return this.bucket;
	}

}
