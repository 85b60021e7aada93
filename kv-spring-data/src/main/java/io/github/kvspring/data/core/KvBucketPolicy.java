package io.github.kvspring.data.core;

/**
 * What to do with a bucket's definition at start-up, in the spirit of JPA's {@code ddl-auto}.
 */
public enum KvBucketPolicy {

	/**
	 * Nothing: the bucket is assumed to exist as it should.
	 */
	NONE,

	/**
	 * Check that the bucket exists and matches its definition; fail listing each difference.
	 */
	VALIDATE,

	/**
	 * Create the bucket when it is missing; validate it when it exists.
	 */
	CREATE,

	/**
	 * Create the bucket when it is missing; change it to match its definition when it differs (fails for
	 * settings the server cannot change, such as storage).
	 */
	CREATE_OR_UPDATE

}
