package io.github.kvspring.data.listener;

/**
 * Where a listener container stands, as its registry and the health indicator show it.
 */
public enum KvListenerState {

	/**
	 * Not started, or stopped.
	 */
	STOPPED,

	/**
	 * Started, its first watch not yet open.
	 */
	STARTING,

	/**
	 * Receiving: its watch is open on a connected connection.
	 */
	RUNNING,

	/**
	 * Started, but its watch was lost (a reconnect, a deleted or unreachable server consumer, a failed attempt)
	 * and is being opened again where the listener left off.
	 */
	RECOVERING,

	/**
	 * Stopping: waiting for a method that is still running.
	 */
	STOPPING

}
