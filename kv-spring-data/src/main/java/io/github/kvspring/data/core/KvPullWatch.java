package io.github.kvspring.data.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.support.Status;
import org.jspecify.annotations.Nullable;

/**
 * {@link KvWatchCursor} on an ephemeral pull consumer (no acks, in memory, one replica), read through a
 * subscription of its own. One pull of {@link #BATCH} entries is outstanding at a time and the next is sent only
 * when the caller has taken them, so memory stays bounded however slowly the caller reads. Each pull asks for
 * heartbeats; silence longer than {@link #SILENCE_LIMIT} while a pull waits is checked with one consumer-info
 * request, and a consumer that is gone or cannot be reached is reported at once, as are a deleted consumer (409),
 * a consumer nobody answers for (503) and a gap in the consumer's delivery sequence.
 */
final class KvPullWatch implements KvWatchCursor {

	/** Entries per pull: a round trip per 256 entries is noise, and a slow reader holds at most this many. */
	static final int BATCH = 256;

	private static final Duration EXPIRES = Duration.ofSeconds(5);

	private static final Duration HEARTBEAT = Duration.ofMillis(200);

	/** Silence after which the consumer is checked: a live one sends a heartbeat every {@link #HEARTBEAT}. */
	private static final Duration SILENCE_LIMIT = Duration.ofMillis(600);

	/** How long the consumer check may take. */
	private static final Duration CHECK_TIMEOUT = Duration.ofMillis(300);

	/**
	 * How long the server keeps the consumer without pulls: a reader held up longer (a slow listener) gets a
	 * new consumer when it reads again; a reader that died leaves nothing behind for longer.
	 */
	private static final Duration INACTIVE_THRESHOLD = Duration.ofSeconds(10);

	/** How long the request deleting the consumer on close is kept waiting for an answer nobody reads. */
	private static final Duration DELETE_TIMEOUT = Duration.ofSeconds(5);

	private final JetStreamRequests requests;

	private final String bucket;

	private final KvWatchOptions options;

	private final Function<KvRawEntry, KvEntry<byte[]>> converter;

	private final Subscription subscription;

	private final String consumer;

	private final byte[] pull;

	private final String pullSubject;

	private int requested;

	private long expectedConsumerSequence = 1;

	private long silentNanos;

	private long lastStreamSequence;

	private final KvChangeAssembler<KvEntry<byte[]>> changes = new KvChangeAssembler<>();

	private final KvBatchEnds batchEnds;

	private volatile long pending;

	private volatile boolean caughtUp;

	private boolean closed;

	private KvPullWatch(JetStreamRequests requests, String bucket, KvWatchOptions options,
			Function<KvRawEntry, KvEntry<byte[]>> converter, Subscription subscription, ConsumerInfo consumer,
			List<String> filters) {
		this.requests = requests;
		this.batchEnds = new KvBatchEnds(requests, bucket, filters);
		this.bucket = bucket;
		this.options = options;
		this.converter = converter;
		this.subscription = subscription;
		this.consumer = consumer.getName();
		this.pullSubject = requests.api("CONSUMER.MSG.NEXT." + KvSubjects.stream(bucket) + "." + this.consumer);
		this.pull = ("{\"batch\":" + BATCH + ",\"expires\":" + EXPIRES.toNanos() + ",\"idle_heartbeat\":"
				+ HEARTBEAT.toNanos() + "}").getBytes(StandardCharsets.US_ASCII);
		this.pending = consumer.getCalculatedPending();
		this.caughtUp = this.pending == 0 || options.updatesOnly();
	}

	/**
	 * Creates the consumer and subscribes to what it sends.
	 */
	static KvPullWatch open(JetStreamRequests requests, JetStreamManagement management, String bucket,
			List<String> filters, KvWatchOptions options, Function<KvRawEntry, KvEntry<byte[]>> converter)
			throws IOException, JetStreamApiException {
		ConsumerConfiguration.Builder configuration = ConsumerConfiguration.builder()
			.ackPolicy(AckPolicy.None)
			.headersOnly(options.metaOnly())
			.memStorage(true)
			.numReplicas(1)
			.inactiveThreshold(INACTIVE_THRESHOLD)
			.filterSubjects(filters.stream().map((filter) -> KvSubjects.subject(bucket, filter)).toList());
		if (options.fromRevision() > 0) {
			configuration.deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(options.fromRevision());
		}
		else if (options.includeHistory()) {
			configuration.deliverPolicy(DeliverPolicy.All);
		}
		else if (options.updatesOnly()) {
			configuration.deliverPolicy(DeliverPolicy.New);
		}
		else {
			configuration.deliverPolicy(DeliverPolicy.LastPerSubject);
		}
		Connection connection = requests.connection();
		Subscription subscription = connection.subscribe(connection.createInbox());
		try {
			ConsumerInfo consumer = management.addOrUpdateConsumer(KvSubjects.stream(bucket), configuration.build());
			return new KvPullWatch(requests, bucket, options, converter, subscription, consumer, filters);
		}
		catch (IOException | JetStreamApiException | RuntimeException ex) {
			JetStreamRequests.unsubscribe(subscription);
			throw ex;
		}
	}

	@Override
	public @Nullable KvEntry<byte[]> next(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			Message message = nextMessage(deadline);
			if (message == null) {
				return null;
			}
			KvEntry<byte[]> entry = onEntry(message);
			if (entry != null) {
				return entry;
			}
			if (System.nanoTime() - deadline >= 0) {
				return null;
			}
		}
	}

	@Override
	public List<KvEntry<byte[]>> nextChange(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			List<KvEntry<byte[]>> change = this.changes.poll();
			if (change != null) {
				return change;
			}
			Message message = nextMessage(deadline);
			if (message == null) {
				return List.of();
			}
			KvEntry<byte[]> entry = onEntry(message);
			this.changes.add(entry, this.lastStreamSequence, message.getHeaders());
			String batch = this.changes.batchOfUnknownEnd();
			if (batch != null && this.pending == 0) {
				this.changes.endsAt(this.batchEnds.lastMatching(batch, this.changes.fed()));
			}
			if (!this.changes.hasReady() && System.nanoTime() - deadline >= 0) {
				return List.of();
			}
		}
	}

	/**
	 * The next message carrying an entry, pulling, checking the consumer after a silence and reading statuses on
	 * the way.
	 * @return the message, or {@code null} once the deadline has passed
	 */
	private @Nullable Message nextMessage(long deadline) throws InterruptedException {
		while (true) {
			if (this.closed) {
				throw lost("the cursor is closed");
			}
			if (this.requested <= 0) {
				sendPull();
			}
			long wait = Math.max(1, Math.min(deadline - System.nanoTime(), SILENCE_LIMIT.toNanos()));
			long before = System.nanoTime();
			Message message = receive(wait);
			if (message == null) {
				this.silentNanos += System.nanoTime() - before;
				if (this.silentNanos > SILENCE_LIMIT.toNanos()) {
					checkConsumer();
				}
				if (System.nanoTime() - deadline >= 0) {
					return null;
				}
				continue;
			}
			this.silentNanos = 0;
			if (message.isStatusMessage()) {
				onStatus(message.getStatus());
				if (System.nanoTime() - deadline >= 0) {
					return null;
				}
				continue;
			}
			return message;
		}
	}

	private @Nullable Message receive(long waitNanos) throws InterruptedException {
		try {
			return this.subscription.nextMessage(Duration.ofNanos(waitNanos));
		}
		catch (IllegalStateException ex) {
			throw lost("its subscription ended (" + ex.getMessage() + ")");
		}
	}

	private void sendPull() {
		try {
			this.requests.connection().publish(this.pullSubject, this.subscription.getSubject(), this.pull);
		}
		catch (IllegalStateException ex) {
			throw lost("the connection is closed");
		}
		this.requested = BATCH;
		this.silentNanos = 0;
	}

	private void onStatus(Status status) {
		int code = status.getCode();
		String text = (status.getMessage() != null) ? status.getMessage() : "";
		if (code == Status.FLOW_OR_HEARTBEAT_STATUS_CODE || code == Status.NOT_FOUND_CODE) {
			return;
		}
		if (code == Status.REQUEST_TIMEOUT_CODE || (code == Status.CONFLICT_CODE
				&& (text.startsWith(Status.EXCEEDED_MAX_PREFIX) || text.equals(Status.BATCH_COMPLETED)
						|| text.equals(Status.MESSAGE_SIZE_EXCEEDS_MAX_BYTES)))) {
			// The pull expired or ended (batch completed, too many waiting): the next call pulls again.
			this.requested = 0;
			return;
		}
		throw lost("status " + code + " " + text);
	}

	private @Nullable KvEntry<byte[]> onEntry(Message message) {
		this.requested--;
		KvAckSubject ack = KvAckSubject.parse(message.getReplyTo());
		if (ack.consumerSequence() != this.expectedConsumerSequence) {
			throw lost("delivery " + ack.consumerSequence() + " came where " + this.expectedConsumerSequence
					+ " was due");
		}
		this.expectedConsumerSequence++;
		this.lastStreamSequence = ack.streamSequence();
		this.pending = ack.pending();
		if (ack.pending() == 0) {
			this.caughtUp = true;
		}
		KvRawEntry raw = KvRawEntry.of(this.bucket, message, ack);
		if (this.options.ignoreDeletes() && !raw.operation().isPut()) {
			return null;
		}
		return this.converter.apply(raw);
	}

	/**
	 * A pull waited in silence: the consumer, or the server holding it, may be gone. One consumer-info request
	 * tells; while the consumer is there, the pull is sent again (the last one may have been lost with a
	 * reconnect).
	 */
	private void checkConsumer() throws InterruptedException {
		JetStreamRequests.ConsumerState state = this.requests.consumerState(KvSubjects.stream(this.bucket),
				this.consumer, CHECK_TIMEOUT);
		if (state != JetStreamRequests.ConsumerState.EXISTS) {
			throw lost("no heartbeat for " + SILENCE_LIMIT.toMillis() + " ms and "
					+ ((state == JetStreamRequests.ConsumerState.GONE) ? "the server says it does not exist"
							: "no answer about it"));
		}
		this.requested = 0;
		this.silentNanos = 0;
	}

	private KvWatchLostException lost(String reason) {
		return new KvWatchLostException(this.bucket, reason);
	}

	@Override
	public long pending() {
		return this.pending;
	}

	@Override
	public boolean isCaughtUp() {
		return this.caughtUp;
	}

	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		JetStreamRequests.unsubscribe(this.subscription);
		try {
			// Sent, not awaited: it goes out before anything the caller sends next on this connection (a new
			// consumer, say), also when it waits in the reconnect buffer, and a slow answer must not delay that.
			// Should it be lost, the inactivity threshold removes the consumer.
			this.requests.connection().requestWithTimeout(
					this.requests.api("CONSUMER.DELETE." + KvSubjects.stream(this.bucket) + "." + this.consumer), null,
					null, DELETE_TIMEOUT);
		}
		catch (IllegalStateException ex) {
			// The connection is closed: the server drops the consumer with its inactivity threshold.
		}
	}

}
