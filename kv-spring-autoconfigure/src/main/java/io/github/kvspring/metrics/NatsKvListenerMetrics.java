package io.github.kvspring.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.kvspring.data.listener.KvListenerContainer;
import io.github.kvspring.data.listener.KvListenerEndpointRegistry;
import io.github.kvspring.data.listener.KvListenerRegistrationListener;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds each listener of a {@link KvListenerEndpointRegistry} as meters tagged with its id ({@code listener}) and
 * bucket: {@value #LAG} (entries the server still had to send after the last one received, plus those waiting for
 * the method) and {@value #RECOVERIES} (how often its watch was opened again). Listeners registered at run time
 * get their meters when they are registered, and lose them when they are removed.
 */
public class NatsKvListenerMetrics implements MeterBinder, KvListenerRegistrationListener {

	/**
	 * The name of the gauge of a listener's lag.
	 */
	public static final String LAG = "nats.kv.listener.lag";

	/**
	 * The name of the counter of a listener's recoveries.
	 */
	public static final String RECOVERIES = "nats.kv.listener.recoveries";

	private final KvListenerEndpointRegistry listeners;

	private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

	private final Map<KvListenerContainer, List<Meter>> meters = new ConcurrentHashMap<>();

	private final AtomicBoolean following = new AtomicBoolean();

	/**
	 * Creates the binder.
	 * @param listeners the registry whose listeners are measured
	 */
	public NatsKvListenerMetrics(KvListenerEndpointRegistry listeners) {
		this.listeners = listeners;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.registries.add(registry);
		if (this.following.compareAndSet(false, true)) {
			this.listeners.addRegistrationListener(this);
		}
		else {
			this.listeners.getListenerContainers().forEach((container) -> bind(registry, container));
		}
	}

	@Override
	public void onRegistered(KvListenerContainer container) {
		this.registries.forEach((registry) -> bind(registry, container));
	}

	@Override
	public void onUnregistered(KvListenerContainer container) {
		List<Meter> bound = this.meters.remove(container);
		if (bound != null) {
			for (Meter meter : bound) {
				this.registries.forEach((registry) -> registry.remove(meter));
			}
		}
	}

	private void bind(MeterRegistry registry, KvListenerContainer container) {
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
		this.meters.computeIfAbsent(container, (key) -> new CopyOnWriteArrayList<>())
			.addAll(List.of(lag, recoveries));
	}

}
