package io.github.kvspring.metrics;

import java.util.Map;
import java.util.function.ToLongFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.nats.client.Connection;
import io.nats.client.Statistics;

/**
 * Binds each connection's jnats statistics as meters, tagged {@code name} with the connection's bean name (so
 * that an application's several connections keep apart): messages and bytes in and out, reconnects, dropped
 * messages, outstanding requests, and whether the connection is up.
 */
public class NatsConnectionMetrics implements MeterBinder {

	private final Map<String, Connection> connections;

	/**
	 * Creates the binder.
	 * @param connections the connections by bean name
	 */
	public NatsConnectionMetrics(Map<String, Connection> connections) {
		this.connections = Map.copyOf(connections);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.connections.forEach((name, connection) -> bindTo(registry, connection, Tags.of("name", name)));
	}

	private static void bindTo(MeterRegistry registry, Connection connection, Tags tags) {
		counter(registry, connection, tags, "nats.connection.messages.in", "Messages received", Statistics::getInMsgs);
		counter(registry, connection, tags, "nats.connection.messages.out", "Messages sent", Statistics::getOutMsgs);
		counter(registry, connection, tags, "nats.connection.bytes.in", "Bytes received", Statistics::getInBytes);
		counter(registry, connection, tags, "nats.connection.bytes.out", "Bytes sent", Statistics::getOutBytes);
		counter(registry, connection, tags, "nats.connection.reconnects", "Reconnects", Statistics::getReconnects);
		counter(registry, connection, tags, "nats.connection.messages.dropped", "Messages dropped by slow consumers",
				Statistics::getDroppedCount);
		Gauge.builder("nats.connection.requests.outstanding", connection,
				(measured) -> measured.getStatistics().getOutstandingRequests())
			.tags(tags)
			.description("Requests awaiting a reply")
			.register(registry);
		Gauge.builder("nats.connection.connected", connection,
				(measured) -> (measured.getStatus() == Connection.Status.CONNECTED) ? 1 : 0)
			.tags(tags)
			.description("Whether the connection is up")
			.register(registry);
	}

	private static void counter(MeterRegistry registry, Connection connection, Tags tags, String name,
			String description, ToLongFunction<Statistics> value) {
		FunctionCounter.builder(name, connection, (measured) -> value.applyAsLong(measured.getStatistics()))
			.tags(tags)
			.description(description)
			.register(registry);
	}

}
