package io.github.kvspring.autoconfigure.multistore;

import io.github.kvspring.autoconfigure.NatsAutoConfiguration;
import io.github.kvspring.autoconfigure.NatsKvAutoConfiguration;
import io.github.kvspring.autoconfigure.NatsKvRepositoriesAutoConfiguration;
import io.github.kvspring.server.NatsServer;
import io.github.kvspring.test.WithNatsServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kv-spring beside another Spring Data store: with two stores on the class path Spring Data assigns each
 * repository by its entity's annotation or its repository type ("strict" configuration), which works only when
 * every store declares its repository factory. Each store must then create its own repositories and no other.
 */
@WithNatsServer
class MultipleStoresIntegrationTests {

	private final ApplicationContextRunner runner;

	MultipleStoresIntegrationTests(NatsServer server) {
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class, NatsKvAutoConfiguration.class,
					NatsKvRepositoriesAutoConfiguration.class))
			.withUserConfiguration(TwoStoresApplication.class)
			.withPropertyValues("nats.servers=" + server.url(), "nats.kv.buckets.widgets.history=1");
	}

	@Test
	void whenAnotherStoreHasRepositoriesInTheSamePackageThenEachStoreBacksOnlyItsOwn() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(WidgetRepository.class).hasSingleBean(GadgetRepository.class);
			WidgetRepository widgets = context.getBean(WidgetRepository.class);
			widgets.deleteAll();
			Widget saved = widgets.save(new Widget("w1", "sprocket", 0));
			assertThat(saved.version()).as("a revision from NATS, so the KV store backs it").isPositive();
			GadgetRepository gadgets = context.getBean(GadgetRepository.class);
			gadgets.save(new Gadget("g1", "lever"));
			assertThat(gadgets.findById("g1")).contains(new Gadget("g1", "lever"));
			assertThat(widgets.findById("g1")).isEmpty();
			assertThat(widgets.count()).isEqualTo(1);
		});
	}

}
