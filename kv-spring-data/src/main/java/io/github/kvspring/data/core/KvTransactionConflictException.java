package io.github.kvspring.data.core;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.OptimisticLockingFailureException;

/**
 * A transaction's commit found a key it writes at another revision than the transaction saw (another writer got
 * in first, or a key meant to be absent now has a value): nothing of the transaction was written. Running the
 * transaction again reads the new revisions.
 */
public class KvTransactionConflictException extends OptimisticLockingFailureException {

	private static final long serialVersionUID = 1L;

	/** The bucket. */
	private final String bucket;

	/** The keys found changed, as far as a read after the failure tells. */
	private final List<String> conflictingKeys;

	/**
	 * Creates an exception.
	 * @param bucket the bucket
	 * @param conflictingKeys the keys found changed (empty if a read after the failure could not tell)
	 * @param cause the server's refusal
	 */
	public KvTransactionConflictException(String bucket, List<String> conflictingKeys, @Nullable Throwable cause) {
		super("Transaction on bucket '" + bucket + "' was not committed: "
				+ (conflictingKeys.isEmpty() ? "a key it writes changed since it was read"
						: KvMessages.keys(conflictingKeys) + " changed since the transaction read "
								+ ((conflictingKeys.size() == 1) ? "it" : "them"))
				+ "; nothing was written", cause);
		this.bucket = bucket;
		this.conflictingKeys = List.copyOf(conflictingKeys);
	}

	/**
	 * The bucket.
	 * @return the bucket
	 */
	public String getBucket() {
		return this.bucket;
	}

	/**
	 * The keys found changed.
	 * @return the keys, possibly empty
	 */
	public List<String> getConflictingKeys() {
		return this.conflictingKeys;
	}

}
