package io.github.kvspring.autoconfigure.twoconnections;

import java.time.Duration;
import java.util.List;

import io.github.kvspring.autoconfigure.NatsAutoConfiguration;
import io.github.kvspring.autoconfigure.NatsKvAutoConfiguration;
import io.github.kvspring.autoconfigure.NatsKvRepositoriesAutoConfiguration;
import io.github.kvspring.autoconfigure.metrics.NatsMetricsAutoConfiguration;
import io.github.kvspring.autoconfigure.twoconnections.audit.AuditEvent;
import io.github.kvspring.autoconfigure.twoconnections.audit.AuditRepository;
import io.github.kvspring.autoconfigure.twoconnections.orders.Order;
import io.github.kvspring.autoconfigure.twoconnections.orders.OrderRepository;
import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvBucketDefinition;
import io.github.kvspring.data.core.KvBucketPolicy;
import io.github.kvspring.metrics.NatsConnectionMetrics;
import io.github.kvspring.server.NatsServer;
import io.github.kvspring.test.NatsServerExtension;
import io.github.kvspring.test.WithNatsServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two connections to two servers in one application: each set of repositories and each listener works on its own
 * connection, the auto-configured beans stay the primary ones, and each connection's meters are its own.
 */
@WithNatsServer
class TwoConnectionsIntegrationTests {

	@Test
	void whenRepositoriesAndListenersNameTheSecondConnectionsBeansThenEachServerGetsOnlyItsOwnData(NatsServer primary,
			Connection primaryProbe) throws Exception {
		try (NatsServer second = NatsServer.startJetStream();
				Connection secondProbe = NatsServerExtension.connect(List.of(second.url()))) {
			new KvBucketAdmin(secondProbe).apply(KvBucketDefinition.builder("two-audit").build(), KvBucketPolicy.CREATE);
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class, NatsKvAutoConfiguration.class,
						NatsKvRepositoriesAutoConfiguration.class, NatsMetricsAutoConfiguration.class))
				.withUserConfiguration(TwoConnectionsApplication.class)
				.withPropertyValues("nats.servers=" + primary.url(), "audit.nats.servers=" + second.url(),
						"nats.kv.buckets.two-orders.history=1")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context.getBean(Connection.class)).isNotSameAs(context.getBean("auditConnection"));
					assertThat(context.getBean(KeyValueTemplate.class)).isSameAs(context.getBean("keyValueTemplate"));
					context.getBean(OrderRepository.class).save(new Order("o1", "book", 0));
					context.getBean(AuditRepository.class).save(new AuditEvent("e1", "ordered o1", 0));
					TwoConnectionsApplication.AuditListener listener = context
						.getBean(TwoConnectionsApplication.AuditListener.class);
					await().atMost(Duration.ofSeconds(10)).until(() -> listener.received.contains("ordered o1"));
					SimpleMeterRegistry meters = new SimpleMeterRegistry();
					context.getBean(NatsConnectionMetrics.class).bindTo(meters);
					assertThat(meters.get("nats.connection.connected").gauges()).hasSize(2);
					assertThat(meters.get("nats.connection.messages.out").tag("name", "natsConnection")
						.functionCounter().count()).isPositive();
					assertThat(meters.get("nats.connection.messages.out").tag("name", "auditConnection")
						.functionCounter().count()).isPositive();
				});
			KeyValueTemplate onPrimary = new KeyValueTemplate(primaryProbe);
			KeyValueTemplate onSecond = new KeyValueTemplate(secondProbe);
			assertThat(onPrimary.keys("two-orders")).containsExactly("order.o1");
			assertThat(onSecond.keys("two-audit")).containsExactly("event.e1");
			assertThat(new KvBucketAdmin(primaryProbe).info("two-audit")).as("audit never reached the primary")
				.isNull();
			assertThat(new KvBucketAdmin(secondProbe).info("two-orders")).as("orders never reached the second")
				.isNull();
		}
	}

}
