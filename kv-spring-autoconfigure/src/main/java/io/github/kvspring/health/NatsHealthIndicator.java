package io.github.kvspring.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvBucketInfo;
import io.github.kvspring.data.listener.KvListenerContainer;
import io.github.kvspring.data.listener.KvListenerEndpointRegistry;
import io.nats.client.Connection;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the NATS connection and the KV support, answered without blocking the probe: up when connected with
 * JetStream available, down otherwise (read from the client's state, no request). Details: connection state,
 * server version, JetStream, each listener's state (running, connected, state, recoveries, caught up, last
 * revision, pending and its last failure) and, when asked for, each declared bucket's entry count and last
 * revision, asked for all at once and waited for no longer than a timeout. Buckets and listeners are details
 * only: a missing bucket or a listener recovering its watch does not make the application down. Never shows
 * credentials or server URLs: a failure's message is shown with anything shaped like a URL removed.
 */
public class NatsHealthIndicator extends AbstractHealthIndicator {

	/** A URL, or a host name with user info ({@code user:secret@host}). */
	private static final Pattern URL = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://\\S*|\\S+@\\S+");

	private final Connection connection;

	private final KvBucketAdmin admin;

	private final List<String> buckets;

	private final @Nullable KvListenerEndpointRegistry listeners;

	private final Duration bucketTimeout;

	/**
	 * Creates an indicator.
	 * @param connection the connection
	 * @param admin reads each bucket's state
	 * @param buckets the buckets whose state is shown (none for no bucket details)
	 * @param bucketTimeout how long a probe waits for the buckets' states
	 * @param listeners the listener registry, or {@code null}
	 */
	public NatsHealthIndicator(Connection connection, KvBucketAdmin admin, List<String> buckets,
			Duration bucketTimeout, @Nullable KvListenerEndpointRegistry listeners) {
		super("NATS health check failed");
		this.connection = connection;
		this.admin = admin;
		this.buckets = List.copyOf(buckets);
		this.bucketTimeout = bucketTimeout;
		this.listeners = listeners;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws InterruptedException {
		Connection.Status status = this.connection.getStatus();
		boolean jetStream = this.connection.getServerInfo().isJetStreamAvailable();
		builder.withDetail("connection", status.name())
			.withDetail("serverVersion", this.connection.getServerInfo().getVersion())
			.withDetail("jetStream", jetStream);
		boolean connected = status == Connection.Status.CONNECTED;
		if (!this.buckets.isEmpty()) {
			builder.withDetail("buckets", connected ? buckets() : Map.of());
		}
		if (this.listeners != null) {
			Map<String, Object> listeners = new LinkedHashMap<>();
			for (KvListenerContainer container : this.listeners.getListenerContainers()) {
				listeners.put(container.getId(), listener(container));
			}
			if (!listeners.isEmpty()) {
				builder.withDetail("listeners", listeners);
			}
		}
		if (connected && jetStream) {
			builder.up();
		}
		else {
			builder.down();
		}
	}

	/**
	 * Each bucket's state, asked for all at once; what has not answered when the timeout ends says so.
	 */
	private Map<String, Object> buckets() throws InterruptedException {
		Map<String, CompletableFuture<@Nullable KvBucketInfo>> asked = new LinkedHashMap<>();
		for (String bucket : this.buckets) {
			asked.put(bucket, this.admin.infoAsync(bucket, this.bucketTimeout));
		}
		long deadline = System.nanoTime() + this.bucketTimeout.toNanos();
		Map<String, Object> details = new LinkedHashMap<>();
		for (Map.Entry<String, CompletableFuture<@Nullable KvBucketInfo>> entry : asked.entrySet()) {
			try {
				KvBucketInfo info = entry.getValue()
					.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				details.put(entry.getKey(), (info != null)
						? Map.of("entries", info.entries(), "lastRevision", info.lastRevision()) : "missing");
			}
			catch (TimeoutException ex) {
				details.put(entry.getKey(), "no answer within " + this.bucketTimeout.toMillis() + " ms");
			}
			catch (ExecutionException ex) {
				details.put(entry.getKey(), "unreachable: " + describe(
						(ex.getCause() instanceof Exception cause) ? cause : ex));
			}
		}
		return details;
	}

	private static Map<String, Object> listener(KvListenerContainer container) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("running", container.isRunning());
		details.put("connected", container.isConnected());
		details.put("state", container.getState().name());
		details.put("recoveries", container.getRecoveries());
		details.put("caughtUp", container.isCaughtUp());
		details.put("lastRevision", container.getLastRevision());
		details.put("pending", container.getPending());
		Exception failure = container.getLastFailure();
		if (failure != null) {
			details.put("lastFailure", describe(failure));
		}
		return details;
	}

	/**
	 * A failure as its type and message, without URLs: the messages of watch failures name buckets and
	 * consumers, but one coming from the client could name a server, with its credentials.
	 */
	static String describe(Exception failure) {
		String type = failure.getClass().getSimpleName();
		String message = failure.getMessage();
		if (message == null || message.isBlank()) {
			return type;
		}
		return type + ": " + URL.matcher(message).replaceAll("<url>");
	}

}
