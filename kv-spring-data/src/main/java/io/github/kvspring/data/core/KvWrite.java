package io.github.kvspring.data.core;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * One write of a batch ({@link KeyValueOperations#writeAll(String, java.util.List)}): a plain put, a create
 * (only if the key has no live value) or an update at an expected revision, with an optional per-key TTL.
 *
 * @param key the key
 * @param value the value
 * @param kind how the write is conditioned
 * @param expectedRevision the revision an {@link Kind#UPDATE} expects; ignored otherwise
 * @param ttl a per-key TTL, or {@code null}
 */
public record KvWrite(String key, Object value, Kind kind, long expectedRevision, @Nullable Duration ttl) {

	/**
	 * A plain put.
	 * @param key the key
	 * @param value the value
	 * @return the write
	 */
	public static KvWrite put(String key, Object value) {
		return new KvWrite(key, value, Kind.PUT, 0, null);
	}

	/**
	 * A create: only if the key has no live value.
	 * @param key the key
	 * @param value the value
	 * @return the write
	 */
	public static KvWrite create(String key, Object value) {
		return new KvWrite(key, value, Kind.CREATE, 0, null);
	}

	/**
	 * An update at the expected revision.
	 * @param key the key
	 * @param value the value
	 * @param expectedRevision the revision the key must be at
	 * @return the write
	 */
	public static KvWrite update(String key, Object value, long expectedRevision) {
		return new KvWrite(key, value, Kind.UPDATE, expectedRevision, null);
	}

	/**
	 * This write with a per-key TTL.
	 * @param ttl how long the value lives
	 * @return a new write
	 */
	public KvWrite withTtl(@Nullable Duration ttl) {
		return new KvWrite(this.key, this.value, this.kind, this.expectedRevision, ttl);
	}

	/**
	 * How a write is conditioned.
	 */
	public enum Kind {

		/**
		 * Unconditional.
		 */
		PUT,

		/**
		 * Only if the key has no live value.
		 */
		CREATE,

		/**
		 * Only if the key is at the expected revision.
		 */
		UPDATE

	}

}
