package io.github.kvspring.data.observation;

import io.micrometer.observation.Observation;

/**
 * What an observation of a listener call knows: the listener's id and the entry it handles.
 */
public class KvListenerObservationContext extends Observation.Context {

	private final String listenerId;

	private final String bucket;

	private final String key;

	private final long revision;

	private final String operation;

	/**
	 * Creates a context.
	 * @param listenerId the listener's id
	 * @param bucket the entry's bucket
	 * @param key the entry's key
	 * @param revision the entry's revision
	 * @param operation the entry's operation, such as {@code put} or {@code delete}
	 */
	public KvListenerObservationContext(String listenerId, String bucket, String key, long revision,
			String operation) {
		this.listenerId = listenerId;
		this.bucket = bucket;
		this.key = key;
		this.revision = revision;
		this.operation = operation;
	}

	/**
	 * The listener's id.
	 * @return the id
	 */
	public String getListenerId() {
		return this.listenerId;
	}

	/**
	 * The entry's bucket.
	 * @return the bucket
	 */
	public String getBucket() {
		return this.bucket;
	}

	/**
	 * The entry's key.
	 * @return the key
	 */
	public String getKey() {
		return this.key;
	}

	/**
	 * The entry's revision.
	 * @return the revision
	 */
	public long getRevision() {
		return this.revision;
	}

	/**
	 * The entry's operation.
	 * @return the operation, such as {@code put}
	 */
	public String getOperation() {
		return this.operation;
	}

}
