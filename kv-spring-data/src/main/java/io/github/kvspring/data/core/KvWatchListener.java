package io.github.kvspring.data.core;

import java.util.List;

import io.github.kvspring.data.convert.KvValueConversionException;

/**
 * Receives the entries of a watch in revision order, on the watch's own thread: one at a time, or a
 * transaction's entries together ({@link #onChange}).
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
	 * Called for each change: an entry written on its own, or the entries of one transaction that the watch
	 * matches, all together once they have arrived (a transaction commits as one atomic batch). By default hands
	 * each entry to {@link #onEntry}, one after the other (an exception there is logged and the next entry
	 * follows); override it to apply a transaction whole, so that nothing reading what this listener builds sees
	 * half of it.
	 * @param entries the change's entries, in revision order (never empty)
	 */
	default void onChange(List<KvEntry<T>> entries) {
		for (KvEntry<T> entry : entries) {
			try {
				onEntry(entry);
			}
			catch (RuntimeException ex) {
				System.getLogger(KvWatchListener.class.getName()).log(System.Logger.Level.WARNING,
						"Watch listener failed on key '" + entry.key() + "' at revision " + entry.revision()
								+ " in bucket '" + entry.bucket() + "'; the watch carries on",
						ex);
			}
		}
	}

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
