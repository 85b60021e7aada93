package io.github.kvspring.data.core;

/**
 * What an entry of a key's history records.
 */
public enum KvOperation {

	/**
	 * A value was written.
	 */
	PUT,

	/**
	 * The key was deleted: a marker that hides earlier values without removing them.
	 */
	DELETE,

	/**
	 * The key was purged: a marker that removed every earlier value.
	 */
	PURGE,

	/**
	 * The key's value reached its time-to-live (per-key TTL or the bucket's max age) and the server removed
	 * it; written by the server as a marker, distinct from a user's delete or purge.
	 */
	EXPIRED;

	/**
	 * Whether the entry holds a value (the others are markers).
	 * @return whether this is {@link #PUT}
	 */
	public boolean isPut() {
		return this == PUT;
	}

}
