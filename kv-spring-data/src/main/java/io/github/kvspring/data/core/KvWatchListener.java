package io.github.kvspring.data.core;

import io.github.kvspring.data.convert.KvValueConversionException;

/**
 * Receives the entries of a watch, one at a time and in revision order, on the watch's own thread.
 *
 * @param <T> the value type
 */
@FunctionalInterface
public interface KvWatchListener<T> {

	/**
	 * Called for each entry: a value, or a delete, purge or expiry marker (unless the watch ignores deletes).
	 * An exception thrown here is logged and the watch carries on.
	 * @param entry the entry
	 */
	void onEntry(KvEntry<T> entry);

	/**
	 * Called once, when every entry that existed when the watch started has been delivered; at once for an
	 * empty bucket, no matching key, or an updates-only watch.
	 */
	default void onEndOfInitialData() {
	}

	/**
	 * Called instead of {@link #onEntry} for an entry whose value cannot be converted; the watch carries on.
	 * @param key the key
	 * @param revision the entry's revision
	 * @param failure why the value could not be converted
	 */
	default void onConversionFailure(String key, long revision, KvValueConversionException failure) {
		System.getLogger(KvWatchListener.class.getName()).log(System.Logger.Level.WARNING,
				"Skipping key '" + key + "' at revision " + revision + ": " + failure.getMessage());
	}

}
