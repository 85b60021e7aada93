package io.github.kvspring.data.listener;

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

}
