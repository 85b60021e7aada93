package io.github.kvspring.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Health of the NATS connection and the KV support: up when connected, JetStream is available and every
 * configured bucket is reachable; down otherwise. Details: connection state, server version, JetStream, each
 * bucket's entry count (or its error), and each listener's state (running, connected, state, recoveries,
 * caught up, last revision, pending and its last failure). A listener's state is a detail only: one that is
 * recovering its watch does not make the application down. Never shows credentials or server URLs: a failure's
 * message is shown with anything shaped like a URL removed.
 */
public class NatsHealthIndicator extends AbstractHealthIndicator {

	/** A URL, or a host name with user info ({@code user:secret@host}). */
	private static final Pattern URL = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://\\S*|\\S+@\\S+");

	private final Connection connection;

	private final KvBucketAdmin admin;

	private final List<String> buckets;

	private final @Nullable KvListenerEndpointRegistry listeners;

	/**
	 * Creates an indicator.
	 * @param connection the connection
	 * @param admin reads each bucket's state
	 * @param buckets the configured buckets
	 * @param listeners the listener registry, or {@code null}
	 */
	public NatsHealthIndicator(Connection connection, KvBucketAdmin admin, List<String> buckets,
			@Nullable KvListenerEndpointRegistry listeners) {
		super("NATS health check failed");
		this.connection = connection;
		this.admin = admin;
		this.buckets = List.copyOf(buckets);
		this.listeners = listeners;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Connection.Status status = this.connection.getStatus();
		boolean jetStream = this.connection.getServerInfo().isJetStreamAvailable();
		builder.withDetail("connection", status.name())
			.withDetail("serverVersion", this.connection.getServerInfo().getVersion())
			.withDetail("jetStream", jetStream);
		boolean healthy = status == Connection.Status.CONNECTED && jetStream;
		Map<String, Object> buckets = new LinkedHashMap<>();
		for (String bucket : this.buckets) {
			try {
				KvBucketInfo info = (status == Connection.Status.CONNECTED) ? this.admin.info(bucket) : null;
				if (info == null) {
					healthy = false;
					buckets.put(bucket, (status == Connection.Status.CONNECTED) ? "missing" : "unknown");
				}
				else {
					buckets.put(bucket, Map.of("entries", info.entries(), "lastRevision", info.lastRevision()));
				}
			}
			catch (RuntimeException ex) {
				healthy = false;
				buckets.put(bucket, "unreachable: " + ex.getClass().getSimpleName());
			}
		}
		if (!buckets.isEmpty()) {
			builder.withDetail("buckets", buckets);
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
		if (healthy) {
			builder.up();
		}
		else {
			builder.down();
		}
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
