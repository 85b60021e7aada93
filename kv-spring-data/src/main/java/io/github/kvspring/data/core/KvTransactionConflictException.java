package io.github.kvspring.data.core;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.OptimisticLockingFailureException;

/**
 * A transaction's commit found a key it writes at another revision than the transaction saw (another writer got
 * in first, or a key meant to be absent now has a value), or, in a {@link KvIsolation#SERIALIZABLE} transaction,
 * a key or key range it read changed: nothing of the transaction was written. Running the transaction again reads
 * the new revisions.
 */
public class KvTransactionConflictException extends OptimisticLockingFailureException {

	private static final long serialVersionUID = 1L;

	/** The bucket. */
	private final String bucket;

	/** The keys found changed, as far as a read after the failure tells. */
	private final List<String> conflictingKeys;

	/** The key ranges (filters) found changed, as far as a read after the failure tells. */
	private final List<String> conflictingRanges;

	/**
	 * Creates an exception.
	 * @param bucket the bucket
	 * @param conflictingKeys the keys found changed (empty if a read after the failure could not tell)
	 * @param cause the server's refusal
	 */
	public KvTransactionConflictException(String bucket, List<String> conflictingKeys, @Nullable Throwable cause) {
		this(bucket, conflictingKeys, List.of(), cause);
	}

	/**
	 * Creates an exception.
	 * @param bucket the bucket
	 * @param conflictingKeys the keys found changed
	 * @param conflictingRanges the key ranges (filters) found changed, read by a serializable transaction
	 * @param cause the server's refusal, if it refused
	 */
	public KvTransactionConflictException(String bucket, List<String> conflictingKeys, List<String> conflictingRanges,
			@Nullable Throwable cause) {
		this(bucket, conflictingKeys, conflictingRanges, List.of(), cause);
	}

	/**
	 * Creates an exception that, when no change is found, names the filters the commit checked.
	 */
	KvTransactionConflictException(String bucket, List<String> conflictingKeys, List<String> conflictingRanges,
			List<String> checkedFilters, @Nullable Throwable cause) {
		super("Transaction on bucket '" + bucket + "' was not committed: "
				+ reason(conflictingKeys, conflictingRanges, checkedFilters) + "; nothing was written", cause);
		this.bucket = bucket;
		this.conflictingKeys = List.copyOf(conflictingKeys);
		this.conflictingRanges = List.copyOf(conflictingRanges);
	}

	private static String reason(List<String> keys, List<String> ranges, List<String> checkedFilters) {
		if (keys.isEmpty() && ranges.isEmpty()) {
			if (checkedFilters.isEmpty()) {
				return "a key it writes changed since it was read";
			}
			return checkedFilters.contains(KvKeyFilters.EVERY_KEY)
					? "another write to the bucket landed during the commit, which checks the whole bucket for the "
							+ "keys and key ranges the transaction only read"
					: "another write under " + named("filter", "filters", checkedFilters)
							+ " landed during the commit, which checks "
							+ ((checkedFilters.size() == 1) ? "that filter" : "those filters")
							+ " for the keys and key ranges the transaction only read";
		}
		String changed = keys.isEmpty() ? "" : KvMessages.keys(keys);
		if (!ranges.isEmpty()) {
			changed += (keys.isEmpty() ? "" : " and ") + named("key range", "key ranges", ranges);
		}
		return changed + " changed since the transaction read "
				+ ((keys.size() + ranges.size() == 1) ? "it" : "them");
	}

	/**
	 * Filters for a message, as {@link KvMessages#keys(List)} names keys.
	 */
	private static String named(String singular, String plural, List<String> filters) {
		String keys = KvMessages.keys(filters);
		return (filters.size() == 1) ? singular + keys.substring("key".length())
				: plural + keys.substring("keys".length());
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

	/**
	 * The key ranges (filters) a serializable transaction read and found changed: a key under one was created,
	 * changed or removed.
	 * @return the filters, possibly empty
	 */
	public List<String> getConflictingRanges() {
		return this.conflictingRanges;
	}

}
