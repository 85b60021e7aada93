package io.github.kvspring.autoconfigure;

import java.util.List;

/**
 * The NATS server has no JetStream, which KV buckets need.
 */
public class NatsJetStreamUnavailableException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	/** The buckets that were to be used. */
	private final List<String> buckets;

	/**
	 * Creates an exception.
	 * @param buckets the buckets that were to be used
	 */
	public NatsJetStreamUnavailableException(List<String> buckets) {
		super("JetStream is not enabled on the NATS server, and buckets " + buckets + " need it");
		this.buckets = List.copyOf(buckets);
	}

	/**
	 * The buckets that were to be used.
	 * @return the bucket names
	 */
	public List<String> getBuckets() {
		return this.buckets;
	}

}
