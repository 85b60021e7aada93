package io.github.kvspring.data.core;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * One write of a batch ({@link KeyValueOperations#writeAll(String, java.util.List)}): a plain put, a create
 * (only if the key has no live value), an update at an expected revision, with an optional per-key TTL, or a
 * delete (a delete marker; at an expected revision if one is given).
 *
 * @param key the key
 * @param value the value (ignored by a delete)
 * @param kind how the write is conditioned
 * @param expectedRevision the revision an {@link Kind#UPDATE} expects, or a {@link Kind#DELETE} when above 0;
 * ignored otherwise
 * @param ttl a per-key TTL, or {@code null}
 */
public record KvWrite(String key, Object value, Kind kind, long expectedRevision, @Nullable Duration ttl) {

	private static final byte[] NO_VALUE = new byte[0];

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
	 * A delete: a delete marker, whatever the key's revision.
	 * @param key the key
	 * @return the write
	 */
	public static KvWrite delete(String key) {
		return delete(key, 0);
	}

	/**
	 * A delete at the expected revision (any revision if 0).
	 * @param key the key
	 * @param expectedRevision the revision the key must be at, or 0
	 * @return the write
	 */
	public static KvWrite delete(String key, long expectedRevision) {
		return new KvWrite(key, NO_VALUE, Kind.DELETE, expectedRevision, null);
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
		UPDATE,

		/**
		 * A delete marker, at the expected revision when one is given.
		 */
		DELETE

	}

}
