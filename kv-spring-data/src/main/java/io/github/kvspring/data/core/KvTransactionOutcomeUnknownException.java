package io.github.kvspring.data.core;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A transaction's commit got no answer in time. The batch was applied whole or not at all: read one of its keys
 * to find out (its revision is above the one the transaction saw if, and only if, the transaction was applied).
 */
public class KvTransactionOutcomeUnknownException extends KvWriteOutcomeUnknownException {

	private static final long serialVersionUID = 1L;

	/** The revision the transaction saw of each key it writes. */
	private final Map<String, Long> seenRevisions;

	/**
	 * Creates an exception.
	 * @param bucket the bucket
	 * @param key a key the transaction writes, to read to find out
	 * @param seenRevisions the revision the transaction saw of each key it writes (0 for absent)
	 * @param cause the failure
	 */
	public KvTransactionOutcomeUnknownException(String bucket, String key, Map<String, Long> seenRevisions,
			@Nullable Throwable cause) {
		super("Transaction on bucket '" + bucket + "' writing " + seenRevisions.size()
				+ " key(s) got no answer in time; it was applied whole or not at all: read key '" + KvMessages.cut(key)
				+ "' — a revision above " + seenRevisions.get(key) + " means it was applied", bucket, key, cause);
		this.seenRevisions = Map.copyOf(seenRevisions);
	}

	/**
	 * The revision the transaction saw of each key it writes (0 for absent).
	 * @return the revisions by key
	 */
	public Map<String, Long> getSeenRevisions() {
		return this.seenRevisions;
	}

}
