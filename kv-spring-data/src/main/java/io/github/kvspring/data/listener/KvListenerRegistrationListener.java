package io.github.kvspring.data.listener;

/**
 * Told when a {@link KvListenerEndpointRegistry} registers or removes a listener, so that what follows each
 * listener (its meters, say) follows those registered at run time too.
 */
public interface KvListenerRegistrationListener {

	/**
	 * A listener was registered (it may not have started yet).
	 * @param container its container
	 */
	default void onRegistered(KvListenerContainer container) {
	}

	/**
	 * A listener was removed; it has stopped.
	 * @param container its container
	 */
	default void onUnregistered(KvListenerContainer container) {
	}

}
