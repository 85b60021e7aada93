package io.github.kvspring.data.listener;

import java.util.List;

import io.github.kvspring.data.core.KvEntry;

/**
 * Receives a change a group listener's method kept failing on, after its last attempt
 * ({@link KvListenerErrorHandler#retryBackOff()}), so that one poison entry cannot stop the group: once this
 * returns, the change is acknowledged and the group goes on with the next one. If it throws, it is called again
 * (after the back-off's intervals, at least a second apart) until it returns or the member stops, when the change is left
 * unacknowledged for the next member: a change is never dropped because its dead letter could not be written.
 * {@link KvDeadLetterBucket} writes each entry to a bucket. Set it with
 * {@link KvListenerContainerFactory#setDeadLetterHandler}; Spring Boot applies a unique bean of this type.
 */
@FunctionalInterface
public interface KvDeadLetterHandler {

	/**
	 * Takes a change whose method failed on every attempt.
	 * @param container the listener's container
	 * @param entries what the method was called with: the entry, or the change whole for a method taking a
	 * {@code List<KvEntry<T>>}; values as bytes
	 * @param failure the exception of the last attempt
	 * @param attempts how many times the method was called
	 * @throws Exception if the dead letter could not be written; this handler is then called again
	 */
	void handle(KvListenerContainer container, List<KvEntry<byte[]>> entries, Exception failure, int attempts)
			throws Exception;

}
