package io.github.kvspring.metrics;

import java.util.List;

import io.github.kvspring.autoconfigure.NatsAutoConfiguration;
import io.github.kvspring.autoconfigure.NatsKvAutoConfiguration;
import io.github.kvspring.autoconfigure.metrics.NatsMetricsAutoConfiguration;
import io.github.kvspring.data.entity.KvEntityTemplate;
import io.github.kvspring.data.mapping.KvEntity;
import io.github.kvspring.data.mapping.KvIndexed;
import io.github.kvspring.server.NatsServer;
import io.github.kvspring.test.WithNatsServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.annotation.Id;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The meters of {@code @KvIndexed} indexes, against a real server: they appear when an index is first used and
 * count its lookups.
 */
@WithNatsServer
class NatsKvIndexMetricsIntegrationTests {

	private final ApplicationContextRunner runner;

	NatsKvIndexMetricsIntegrationTests(NatsServer server) {
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class, NatsKvAutoConfiguration.class,
					MetricsAutoConfiguration.class, NatsMetricsAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("nats.servers=" + server.url(), "nats.kv.buckets.metered-gadgets.history=1");
	}

	@Test
	void whenAnIndexIsUsedThenItsLookupsStateAndSizeAreMetered() {
		this.runner.run((context) -> {
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			KvEntityTemplate entities = context.getBean(KvEntityTemplate.class);
			assertThat(meters.find(NatsKvIndexMetrics.LOOKUPS).meters()).isEmpty();
			entities.save(new Gadget("g1", "red"));
			entities.save(new Gadget("g2", "blue"));
			assertThat(entities.findIndexedKeys(Gadget.class, "color", List.of("red")).keys()).containsExactly("gadget.g1");
			assertThat(entities.findIndexedKeys(Gadget.class, "color", List.of("blue")).keys()).containsExactly("gadget.g2");

			String entity = Gadget.class.getName();
			assertThat(meters.get(NatsKvIndexMetrics.LOOKUPS).tags("entity", entity, "outcome", "hit")
				.functionCounter().count()).isEqualTo(2);
			assertThat(meters.get(NatsKvIndexMetrics.LOOKUPS).tags("entity", entity, "outcome", "fallback")
				.functionCounter().count()).isZero();
			assertThat(meters.get(NatsKvIndexMetrics.REBUILDS).tags("entity", entity).functionCounter().count())
				.isZero();
			assertThat(meters.get(NatsKvIndexMetrics.ENTITIES).tags("entity", entity).gauge().value()).isEqualTo(2);
			assertThat(meters.get(NatsKvIndexMetrics.STATE).tags("entity", entity, "state", "ready").gauge().value())
				.isEqualTo(1);
			assertThat(meters.get(NatsKvIndexMetrics.STATE).tags("entity", entity, "state", "building").gauge()
				.value()).isZero();
		});
	}

	/**
	 * An entity with an indexed property.
	 *
	 * @param id the id
	 * @param color the color, indexed
	 */
	@KvEntity(bucket = "metered-gadgets", keyPrefix = "gadget")
	record Gadget(@Id String id, @KvIndexed String color) {

	}

}
