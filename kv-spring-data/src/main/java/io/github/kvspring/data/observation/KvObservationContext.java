package io.github.kvspring.data.observation;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * What an observation of a KV operation knows: the operation, the bucket and, for single-key operations, the
 * key.
 */
public class KvObservationContext extends Observation.Context {

	private final String operation;

	private final String bucket;

	private final @Nullable String key;

	/**
	 * Creates a context.
	 * @param operation the operation, such as {@code put}
	 * @param bucket the bucket
	 * @param key the key, or {@code null} for operations on many keys
	 */
	public KvObservationContext(String operation, String bucket, @Nullable String key) {
		this.operation = operation;
		this.bucket = bucket;
		this.key = key;
	}

	/**
	 * The operation.
	 * @return the operation, such as {@code put}
	 */
	public String getOperation() {
		return this.operation;
	}

	/**
	 * The bucket.
	 * @return the bucket
	 */
	public String getBucket() {
		return this.bucket;
	}

	/**
	 * The key of a single-key operation.
	 * @return the key, or {@code null}
	 */
	public @Nullable String getKey() {
		return this.key;
	}

}
