package io.github.kvspring.metrics;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToDoubleFunction;

import io.github.kvspring.data.entity.KvEntityTemplate;
import io.github.kvspring.data.entity.KvIndexState;
import io.github.kvspring.data.entity.KvIndexStatistics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds the in-memory index of each entity type with {@code @KvIndexed} properties, once first used, as meters
 * tagged with the entity type ({@code entity}): {@value #LOOKUPS} by {@code outcome} ({@code hit}: answered from
 * the index; {@code fallback}: the bucket was read instead), {@value #REBUILDS}, {@value #ENTITIES}, and
 * {@value #STATE}, 1 for the index's current state ({@code state} tag) and 0 for the others.
 */
public class NatsKvIndexMetrics implements MeterBinder {

	/**
	 * The name of the counter of indexed queries.
	 */
	public static final String LOOKUPS = "nats.kv.index.lookups";

	/**
	 * The name of the counter of index rebuilds.
	 */
	public static final String REBUILDS = "nats.kv.index.rebuilds";

	/**
	 * The name of the gauge of the entities an index holds.
	 */
	public static final String ENTITIES = "nats.kv.index.entities";

	/**
	 * The name of the gauge of an index's state.
	 */
	public static final String STATE = "nats.kv.index.state";

	private final KvEntityTemplate entityTemplate;

	private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

	private final AtomicBoolean following = new AtomicBoolean();

	/**
	 * Creates the binder.
	 * @param entityTemplate the entity template whose indexes are measured
	 */
	public NatsKvIndexMetrics(KvEntityTemplate entityTemplate) {
		this.entityTemplate = entityTemplate;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.registries.add(registry);
		if (this.following.compareAndSet(false, true)) {
			this.entityTemplate.addIndexStatisticsListener(this::bindAll);
		}
		else {
			this.entityTemplate.getIndexStatistics().keySet().forEach((type) -> bind(registry, type));
		}
	}

	private void bindAll(Class<?> type) {
		this.registries.forEach((registry) -> bind(registry, type));
	}

	private void bind(MeterRegistry registry, Class<?> type) {
		Tags tags = Tags.of("entity", type.getName());
		FunctionCounter.builder(LOOKUPS, type, statistic(KvIndexStatistics::hits))
			.description("Indexed queries, by whether the index answered them")
			.tags(tags.and("outcome", "hit"))
			.register(registry);
		FunctionCounter.builder(LOOKUPS, type, statistic(KvIndexStatistics::fallbacks))
			.description("Indexed queries, by whether the index answered them")
			.tags(tags.and("outcome", "fallback"))
			.register(registry);
		FunctionCounter.builder(REBUILDS, type, statistic(KvIndexStatistics::rebuilds))
			.description("Times the index was built again after its watch was lost")
			.tags(tags)
			.register(registry);
		Gauge.builder(ENTITIES, type, statistic(KvIndexStatistics::entities))
			.description("Entities the index holds")
			.tags(tags)
			.register(registry);
		for (KvIndexState state : KvIndexState.values()) {
			Gauge.builder(STATE, type, statistic((statistics) -> (statistics.state() == state) ? 1 : 0))
				.description("1 for the index's state at its last query, 0 for the others")
				.tags(tags.and("state", state.name().toLowerCase(Locale.ROOT)))
				.register(registry);
		}
	}

	private ToDoubleFunction<Class<?>> statistic(ToDoubleFunction<KvIndexStatistics> value) {
		return (type) -> {
			KvIndexStatistics statistics = this.entityTemplate.getIndexStatistics(type);
			return (statistics != null) ? value.applyAsDouble(statistics) : Double.NaN;
		};
	}

}
