package io.github.kvspring.data.listener;

import java.util.List;

import io.github.kvspring.data.core.KvEntry;

/**
 * What a listener does with each entry, its value still as bytes.
 */
@FunctionalInterface
public interface KvEntryHandler {

	/**
	 * Handles one entry.
	 * @param entry the entry, its value as bytes ({@code null} for markers and meta-only listeners)
	 * @throws Exception anything; it goes to the error handler and the listener carries on
	 */
	void handle(KvEntry<byte[]> entry) throws Exception;

	/**
	 * Whether the handler takes each change whole, in one {@link #handleChange} call: an entry written on its own,
	 * or all the entries of one transaction that the listener matches. Otherwise the container calls
	 * {@link #handle} for each entry of a change, one after the other, on one thread.
	 * @return whether changes go to {@link #handleChange}
	 */
	default boolean takesWholeChanges() {
		return false;
	}

	/**
	 * Handles one change whole, when {@link #takesWholeChanges()}. By default hands each entry to {@link #handle}.
	 * @param entries the change's entries, in revision order (never empty)
	 * @throws Exception anything; it goes to the error handler (with the change's first entry) and the listener
	 * carries on with the next change
	 */
	default void handleChange(List<KvEntry<byte[]>> entries) throws Exception {
		for (KvEntry<byte[]> entry : entries) {
			handle(entry);
		}
	}

	/**
	 * Handles one entry on its given delivery attempt: a group listener calls this, counting the calls in place
	 * on one entry from 1 (see {@link KvDeliveryAttempt}). By default ignores the attempt.
	 * @param entry the entry, its value as bytes
	 * @param attempt the delivery attempt, from 1
	 * @throws Exception anything; see {@link #handle(KvEntry)}
	 */
	default void handle(KvEntry<byte[]> entry, int attempt) throws Exception {
		handle(entry);
	}

	/**
	 * Handles one change whole on its given delivery attempt, when {@link #takesWholeChanges()}. By default ignores
	 * the attempt.
	 * @param entries the change's entries, in revision order (never empty)
	 * @param attempt the delivery attempt, from 1
	 * @throws Exception anything; see {@link #handleChange(List)}
	 */
	default void handleChange(List<KvEntry<byte[]>> entries, int attempt) throws Exception {
		handleChange(entries);
	}

}
