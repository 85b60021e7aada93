package io.github.kvspring.data.listener;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * Holds every listener container by id and runs them with the application context: they start after the
 * context is refreshed and stop before its beans (the connection among them) are destroyed. Listeners can be
 * registered, started and stopped by id at run time.
 */
public class KvListenerEndpointRegistry implements SmartLifecycle {

	/**
	 * The lifecycle phase: late to start, early to stop.
	 */
	public static final int PHASE = Integer.MAX_VALUE - 1000;

	private final ReentrantLock lock = new ReentrantLock();

	private final Map<String, KvListenerContainer> containers = new LinkedHashMap<>();

	private final List<KvListenerRegistrationListener> registrationListeners = new CopyOnWriteArrayList<>();

	private volatile boolean running;

	/**
	 * Creates an empty registry.
	 */
	public KvListenerEndpointRegistry() {
	}

	/**
	 * Registers a listener; it starts at once if the registry runs and the endpoint starts automatically.
	 * @param endpoint the endpoint
	 * @param factory the factory of its container
	 * @return the container
	 * @throws IllegalStateException if a listener with that id exists
	 */
	public KvListenerContainer registerListener(KvListenerEndpoint endpoint, KvListenerContainerFactory factory) {
		KvListenerContainer container = factory.createContainer(endpoint);
		this.lock.lock();
		try {
			Assert.state(!this.containers.containsKey(endpoint.id()),
					() -> "A listener with id '" + endpoint.id() + "' is already registered");
			this.containers.put(endpoint.id(), container);
		}
		finally {
			this.lock.unlock();
		}
		this.registrationListeners.forEach((listener) -> listener.onRegistered(container));
		if (this.running && endpoint.autoStartup()) {
			container.start();
		}
		return container;
	}

	/**
	 * Stops and removes a listener.
	 * @param id the listener's id
	 * @return whether there was one
	 */
	public boolean unregisterListener(String id) {
		KvListenerContainer container;
		this.lock.lock();
		try {
			container = this.containers.remove(id);
		}
		finally {
			this.lock.unlock();
		}
		if (container != null) {
			container.stop();
			this.registrationListeners.forEach((listener) -> listener.onUnregistered(container));
		}
		return container != null;
	}

	/**
	 * Adds a listener told of every listener registered or removed from now on; it is told of those registered
	 * already at once.
	 * @param listener the registration listener
	 */
	public void addRegistrationListener(KvListenerRegistrationListener listener) {
		this.registrationListeners.add(listener);
		getListenerContainers().forEach(listener::onRegistered);
	}

	/**
	 * The container of a listener.
	 * @param id the listener's id
	 * @return the container, or {@code null}
	 */
	public @Nullable KvListenerContainer getListenerContainer(String id) {
		this.lock.lock();
		try {
			return this.containers.get(id);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Every container, in registration order.
	 * @return a copy of the containers
	 */
	public List<KvListenerContainer> getListenerContainers() {
		this.lock.lock();
		try {
			return new ArrayList<>(this.containers.values());
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Every listener id.
	 * @return a copy of the ids
	 */
	public Set<String> getListenerIds() {
		this.lock.lock();
		try {
			return Set.copyOf(this.containers.keySet());
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Starts every listener that starts automatically.
	 */
	@Override
	public void start() {
		this.running = true;
		getListenerContainers().stream().filter((container) -> container.getEndpoint().autoStartup())
			.forEach(KvListenerContainer::start);
	}

	/**
	 * Stops every listener: none hands another entry over from the moment this is called, then each waits, up to
	 * its shutdown timeout, for its running methods. The waits overlap, so stopping takes the longest one, not
	 * their sum.
	 */
	@Override
	public void stop() {
		this.running = false;
		List<Runnable> stopping = new ArrayList<>();
		for (KvListenerContainer container : getListenerContainers()) {
			Runnable finish = container.beginStopping();
			if (finish != null) {
				stopping.add(finish);
			}
		}
		stopping.forEach(Runnable::run);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
