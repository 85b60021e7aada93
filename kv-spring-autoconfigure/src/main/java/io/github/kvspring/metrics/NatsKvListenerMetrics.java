package io.github.kvspring.metrics;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.github.kvspring.data.listener.KvListenerCaughtUpEvent;
import io.github.kvspring.data.listener.KvListenerContainer;
import io.github.kvspring.data.listener.KvListenerEndpointRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.Assert;

/**
 * Binds each listener of a {@link KvListenerEndpointRegistry} as meters tagged with its id ({@code listener}) and
 * bucket: {@value #LAG} (entries the server still had to send after the last one received, plus those waiting for
 * the method) and {@value #RECOVERIES} (how often its watch was opened again).
 * <p>
 * Listeners come and go in the registry without telling anyone, so the binder looks again: when the context is
 * refreshed (every {@code @KvListener} is registered by then), whenever a listener has caught up (one registered
 * at run time through a container factory bean says so soon after it starts), on {@link #bindListeners()}, and
 * every refresh interval (10 s by default) for the rest, such as a listener still working through a backlog. The
 * meters of a listener no longer registered are removed then; until that they hold its container weakly.
 * {@link #close()} stops the periodic look.
 */
public class NatsKvListenerMetrics implements MeterBinder, SmartApplicationListener, AutoCloseable {

	/**
	 * The name of the gauge of a listener's lag.
	 */
	public static final String LAG = "nats.kv.listener.lag";

	/**
	 * The name of the counter of a listener's recoveries.
	 */
	public static final String RECOVERIES = "nats.kv.listener.recoveries";

	private static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(10);

	private static final System.Logger logger = System.getLogger(NatsKvListenerMetrics.class.getName());

	private final KvListenerEndpointRegistry listeners;

	private final Duration refreshInterval;

	private final ReentrantLock lock = new ReentrantLock();

	/** The listeners bound to each meter registry, by id. */
	private final Map<MeterRegistry, Map<String, BoundListener>> bound = new IdentityHashMap<>();

	private @Nullable ScheduledExecutorService refresher;

	private boolean closed;

	/**
	 * Creates the binder, looking for new listeners every 10 s besides the events it listens to.
	 * @param listeners the registry whose listeners are measured
	 */
	public NatsKvListenerMetrics(KvListenerEndpointRegistry listeners) {
		this(listeners, DEFAULT_REFRESH_INTERVAL);
	}

	/**
	 * Creates the binder.
	 * @param listeners the registry whose listeners are measured
	 * @param refreshInterval how often to look for listeners registered or removed since the last look
	 */
	public NatsKvListenerMetrics(KvListenerEndpointRegistry listeners, Duration refreshInterval) {
		Assert.isTrue(!refreshInterval.isNegative() && !refreshInterval.isZero(),
				"'refreshInterval' must be positive");
		this.listeners = listeners;
		this.refreshInterval = refreshInterval;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.lock.lock();
		try {
			this.bound.putIfAbsent(registry, new HashMap<>());
			if (this.refresher == null && !this.closed) {
				this.refresher = startRefresher();
			}
			bindListeners();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Binds the listeners registered since the last look and removes the meters of those no longer registered.
	 */
	public void bindListeners() {
		this.lock.lock();
		try {
			List<KvListenerContainer> containers = this.listeners.getListenerContainers();
			this.bound.forEach((registry, listeners) -> update(registry, listeners, containers));
		}
		finally {
			this.lock.unlock();
		}
	}

	private void update(MeterRegistry registry, Map<String, BoundListener> bound,
			List<KvListenerContainer> containers) {
		Map<String, KvListenerContainer> current = new HashMap<>();
		containers.forEach((container) -> current.put(container.getId(), container));
		bound.values().removeIf((listener) -> {
			boolean gone = listener.container().get() != current.get(listener.id());
			if (gone) {
				listener.meters().forEach(registry::remove);
			}
			return gone;
		});
		for (KvListenerContainer container : containers) {
			bound.computeIfAbsent(container.getId(), (id) -> bind(registry, container));
		}
	}

	private static BoundListener bind(MeterRegistry registry, KvListenerContainer container) {
		Tags tags = Tags.of("listener", container.getId(), "bucket", container.getEndpoint().bucket());
		Gauge lag = Gauge.builder(LAG, container, KvListenerContainer::getPending)
			.description("Entries the server still had to send after the last one received, plus those waiting "
					+ "for the method")
			.tags(tags)
			.register(registry);
		FunctionCounter recoveries = FunctionCounter
			.builder(RECOVERIES, container, KvListenerContainer::getRecoveries)
			.description("Times the listener's watch was opened again after it was lost or failed")
			.tags(tags)
			.register(registry);
		return new BoundListener(container.getId(), new WeakReference<>(container), List.of(lag, recoveries));
	}

	private ScheduledExecutorService startRefresher() {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("kv-listener-metrics-");
		threads.setDaemon(true);
		ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(threads);
		long millis = this.refreshInterval.toMillis();
		refresher.scheduleWithFixedDelay(this::refresh, millis, millis, TimeUnit.MILLISECONDS);
		return refresher;
	}

	private void refresh() {
		try {
			bindListeners();
		}
		catch (RuntimeException ex) {
			// A failed look must not end the periodic ones; the next one tries again.
			logger.log(System.Logger.Level.DEBUG, "Could not bind the KV listeners' meters", ex);
		}
	}

	/**
	 * Stops looking for listeners periodically; the meters bound stay.
	 */
	@Override
	public void close() {
		this.lock.lock();
		try {
			this.closed = true;
			if (this.refresher != null) {
				this.refresher.shutdownNow();
				this.refresher = null;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		return ContextRefreshedEvent.class.isAssignableFrom(eventType)
				|| KvListenerCaughtUpEvent.class.isAssignableFrom(eventType);
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		bindListeners();
	}

	/**
	 * The meters of one listener in one meter registry.
	 */
	private record BoundListener(String id, WeakReference<KvListenerContainer> container, List<Meter> meters) {

	}

}
