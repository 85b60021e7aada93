package io.github.kvspring.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.nats.client.Connection;
import io.nats.client.Statistics;

/**
 * Binds the jnats connection statistics as meters: messages and bytes in and out, reconnects, dropped
 * messages, outstanding requests, and whether the connection is up.
 */
public class NatsConnectionMetrics implements MeterBinder {

	private final Connection connection;

	/**
	 * Creates the binder.
	 * @param connection the connection
	 */
	public NatsConnectionMetrics(Connection connection) {
		this.connection = connection;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		counter(registry, "nats.connection.messages.in", "Messages received", Statistics::getInMsgs);
		counter(registry, "nats.connection.messages.out", "Messages sent", Statistics::getOutMsgs);
		counter(registry, "nats.connection.bytes.in", "Bytes received", Statistics::getInBytes);
		counter(registry, "nats.connection.bytes.out", "Bytes sent", Statistics::getOutBytes);
		counter(registry, "nats.connection.reconnects", "Reconnects", Statistics::getReconnects);
		counter(registry, "nats.connection.messages.dropped", "Messages dropped by slow consumers",
				Statistics::getDroppedCount);
		Gauge.builder("nats.connection.requests.outstanding", this.connection,
				(connection) -> connection.getStatistics().getOutstandingRequests())
			.description("Requests awaiting a reply")
			.register(registry);
		Gauge.builder("nats.connection.connected", this.connection,
				(connection) -> (connection.getStatus() == Connection.Status.CONNECTED) ? 1 : 0)
			.description("Whether the connection is up")
			.register(registry);
	}

	private void counter(MeterRegistry registry, String name, String description,
			java.util.function.ToLongFunction<Statistics> value) {
		FunctionCounter.builder(name, this.connection, (connection) -> value.applyAsLong(connection.getStatistics()))
			.description(description)
			.register(registry);
	}

}
