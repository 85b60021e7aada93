package io.github.kvspring.data.core;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One entry of a key: a value or a delete, purge or expiry marker, with its revision.
 *
 * @param <T> the value type
 * @param bucket the bucket
 * @param key the key
 * @param value the converted value; {@code null} for markers and for meta-only reads
 * @param revision the revision (the stream sequence), unique and increasing within the bucket
 * @param created when the server stored the entry
 * @param delta for watches and scans, how many newer entries of the matching keys were still to be delivered
 * when this one was (0 for the newest); 0 for plain reads
 * @param operation what the entry records
 */
public record KvEntry<T>(String bucket, String key, @Nullable T value, long revision, Instant created, long delta,
		KvOperation operation) {

	/**
	 * The value, for an entry that must hold one.
	 * @return the value
	 * @throws IllegalStateException if the entry is a marker or was read without its value
	 */
	public T requiredValue() {
		T current = this.value;
		if (current == null) {
			throw new IllegalStateException("Entry " + this.bucket + "/" + this.key + " at revision " + this.revision
					+ " (" + this.operation + ") holds no value");
		}
		return current;
	}

}
