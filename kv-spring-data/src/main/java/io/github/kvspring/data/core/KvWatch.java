package io.github.kvspring.data.core;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import io.github.kvspring.data.convert.KvValueConversionException;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import org.jspecify.annotations.Nullable;

/**
 * A watch over an ordered push consumer on the bucket's stream, read here rather than through jnats'
 * {@code KeyValue.watch} so that the raw headers are seen: jnats reports an expiry marker as a purge.
 *
 * @param <T> the value type
 */
final class KvWatch<T> implements KvSubscription {

	private static final System.Logger logger = System.getLogger(KvWatch.class.getName());

	private static final long CATCH_UP_PAUSE_NANOS = 100_000;

	private static final long CATCH_UP_REASK_NANOS = 1_000_000;

	private final Connection connection;

	private final JetStreamOptions jetStreamOptions;

	private final String bucket;

	private final KvWatchOptions options;

	private final Function<KvRawEntry, KvEntry<T>> converter;

	private final KvWatchListener<T> listener;

	private final AtomicBoolean endOfInitialData = new AtomicBoolean();

	private volatile long lastRevision;

	private volatile long pending;

	private volatile boolean active;

	private @Nullable Dispatcher dispatcher;

	private @Nullable JetStreamSubscription subscription;

	KvWatch(Connection connection, JetStreamOptions jetStreamOptions, String bucket, KvWatchOptions options,
			Function<KvRawEntry, KvEntry<T>> converter, KvWatchListener<T> listener) {
		this.connection = connection;
		this.jetStreamOptions = jetStreamOptions;
		this.bucket = bucket;
		this.options = options;
		this.converter = converter;
		this.listener = listener;
	}

	void start(JetStream jetStream, List<String> filters) throws IOException, JetStreamApiException {
		ConsumerConfiguration.Builder configuration = ConsumerConfiguration.builder()
			.ackPolicy(AckPolicy.None)
			.headersOnly(this.options.metaOnly())
			.filterSubjects(filters.stream().map((filter) -> KvSubjects.subject(this.bucket, filter)).toList());
		if (this.options.fromRevision() > 0) {
			configuration.deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(this.options.fromRevision());
		}
		else if (this.options.includeHistory()) {
			configuration.deliverPolicy(DeliverPolicy.All);
		}
		else if (this.options.updatesOnly()) {
			configuration.deliverPolicy(DeliverPolicy.New);
		}
		else {
			configuration.deliverPolicy(DeliverPolicy.LastPerSubject);
		}
		Dispatcher created = this.connection.createDispatcher();
		this.dispatcher = created;
		this.active = true;
		try {
			JetStreamSubscription started = jetStream.subscribe(null, created, this::onMessage, false,
					PushSubscribeOptions.builder().stream(KvSubjects.stream(this.bucket)).ordered(true)
						.configuration(configuration.build()).build());
			this.subscription = started;
			if (this.options.updatesOnly() || started.getConsumerInfo().getCalculatedPending() == 0) {
				signalEndOfInitialData();
			}
		}
		catch (IOException | JetStreamApiException | RuntimeException ex) {
			stop();
			throw ex;
		}
	}

	private void onMessage(Message message) {
		if (!this.active) {
			return;
		}
		KvRawEntry raw = KvRawEntry.of(this.bucket, message);
		if (!(this.options.ignoreDeletes() && !raw.operation().isPut())) {
			deliver(raw);
		}
		// Set once the listener is done with the entry: awaitCaughtUp relies on it.
		this.pending = raw.delta();
		this.lastRevision = raw.revision();
		if (raw.delta() == 0) {
			signalEndOfInitialData();
		}
	}

	private void deliver(KvRawEntry raw) {
		KvEntry<T> entry;
		try {
			entry = this.converter.apply(raw);
		}
		catch (KvValueConversionException ex) {
			this.listener.onConversionFailure(raw.key(), raw.revision(), ex);
			return;
		}
		try {
			this.listener.onEntry(entry);
		}
		catch (RuntimeException ex) {
			logger.log(System.Logger.Level.WARNING, "Watch listener failed on key '" + raw.key() + "' at revision "
					+ raw.revision() + " in bucket '" + this.bucket + "'; the watch carries on", ex);
		}
	}

	private void signalEndOfInitialData() {
		if (this.endOfInitialData.compareAndSet(false, true)) {
			try {
				this.listener.onEndOfInitialData();
			}
			catch (RuntimeException ex) {
				logger.log(System.Logger.Level.WARNING,
						"Watch listener failed at the end of initial data of bucket '" + this.bucket + "'", ex);
			}
		}
	}

	/**
	 * Removes the watch's ephemeral consumer at once, rather than leaving it to the server's inactivity
	 * threshold, so that stopped and replaced watches leave no consumer behind.
	 */
	private void deleteConsumer(String consumer) {
		try {
			this.connection.jetStreamManagement(this.jetStreamOptions).deleteConsumer(KvSubjects.stream(this.bucket),
					consumer);
		}
		catch (IOException | JetStreamApiException ex) {
			// Already gone, or the server is unreachable: its inactivity threshold removes it.
		}
	}

	@Override
	public boolean isActive() {
		return this.active && this.connection.getStatus() != Connection.Status.CLOSED;
	}

	@Override
	public long lastRevision() {
		return this.lastRevision;
	}

	@Override
	public long pending() {
		return this.pending;
	}

	@Override
	public boolean awaitCaughtUp(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			JetStreamSubscription current = this.subscription;
			if (current == null || !isActive()) {
				return false;
			}
			ConsumerInfo info;
			try {
				info = current.getConsumerInfo();
			}
			catch (IOException | JetStreamApiException | IllegalStateException ex) {
				return false;
			}
			if (info == null) {
				// The server no longer has the consumer (a restarted server without it, for example).
				return false;
			}
			if (info.getNumPending() == 0) {
				// Everything written so far has left the server; wait for what is still on its way to the listener.
				long delivered = info.getDelivered().getStreamSequence();
				awaitLocally(() -> this.lastRevision >= delivered, deadline);
				return this.lastRevision >= delivered;
			}
			// Entries are still to come: wait until the watch has taken in all those it knew of (or a moment, should
			// they have arrived already), then ask again, rather than asking the server in a tight loop.
			long seen = this.lastRevision;
			awaitLocally(() -> this.lastRevision > seen && this.pending == 0,
					Math.min(deadline, System.nanoTime() + CATCH_UP_REASK_NANOS));
		}
		return false;
	}

	private void awaitLocally(BooleanSupplier condition, long deadline) {
		while (!condition.getAsBoolean() && System.nanoTime() < deadline && isActive()) {
			LockSupport.parkNanos(CATCH_UP_PAUSE_NANOS);
		}
	}

	@Override
	public synchronized void stop() {
		this.active = false;
		JetStreamSubscription current = this.subscription;
		this.subscription = null;
		Dispatcher owned = this.dispatcher;
		this.dispatcher = null;
		if (this.connection.getStatus() == Connection.Status.CLOSED) {
			return;
		}
		String consumer = null;
		try {
			if (current != null) {
				consumer = current.getConsumerName();
				if (current.isActive()) {
					current.unsubscribe();
				}
			}
		}
		catch (IllegalStateException ex) {
			// The connection closed meanwhile: the server drops the consumer with the connection's interest.
		}
		try {
			if (owned != null) {
				this.connection.closeDispatcher(owned);
			}
		}
		catch (IllegalStateException ex) {
			// Closed already, with its last subscription.
		}
		if (consumer != null && this.connection.getStatus() == Connection.Status.CONNECTED) {
			deleteConsumer(consumer);
		}
	}

}
