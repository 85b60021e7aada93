package io.github.kvspring.data.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.impl.Headers;
import io.nats.client.support.Status;
import org.jspecify.annotations.Nullable;

/**
 * {@link KvGroupCursor} on a group's durable pull consumer with the pinned-client priority policy. Every pull names
 * the priority group, and the active member's pulls its pin id too; the server delivers only to the pinned member
 * and pins another once no pull with the pin has come for the failover timeout (or at once when the active member
 * unpins on close). A member refused with 423 has lost the pin: it drops what it holds and asks again as a candidate.
 * <p>
 * Order across a takeover: the server does not send a dead member's unacknowledged entries again until their
 * acknowledgement wait runs out, and meanwhile delivers later ones (a member that closes gives them back once
 * unpinned, so they come at once; the check below keeps the order either way). So a member that gets the pin first
 * checks that every delivery before its first one is acknowledged (the consumer's acknowledgement floor); if not, it
 * rewinds the consumer to the floor (the consumer reset API), which drops every outstanding delivery and sends
 * again, in order, from the first entry not acknowledged. A gap in the delivery sequence (a message lost with a
 * reconnect) rewinds the same way. Entries it receives are read through a fresh inbox after each rewind, so nothing
 * from before it is handed on.
 */
final class KvGroupConsumer implements KvGroupCursor {

	private static final int BATCH = 64;

	private static final Duration HEARTBEAT = Duration.ofMillis(250);

	private static final Duration SILENCE_LIMIT = Duration.ofMillis(1500);

	private static final Duration CHECK_TIMEOUT = Duration.ofMillis(500);

	private static final String PIN_HEADER = "Nats-Pin-Id";

	private static final int WRONG_PIN = 423;

	private final JetStreamRequests requests;

	private final JetStreamManagement management;

	private final String bucket;

	private final String stream;

	private final String name;

	private final KvWatchOptions options;

	private final KvGroupSettings settings;

	private final KvBatchEnds batchEnds;

	private final String pullSubject;

	private final long expiresNanos;

	private final long keepAliveNanos;

	/** Guards the subscription and the pulls, sent by the reader and by {@link #keepAlive()}. */
	private final ReentrantLock pullLock = new ReentrantLock();

	private final KvGroupAcks acks;

	private final AtomicInteger requested = new AtomicInteger();

	private volatile Subscription subscription;

	private volatile @Nullable String pinId;

	private volatile long lastPullNanos;

	private volatile long lastProgressNanos = System.nanoTime();

	private volatile boolean reconnectPending;

	private volatile long pending;

	private volatile boolean closed;

	private KvChangeAssembler<KvEntry<byte[]>> changes = new KvChangeAssembler<>();

	/** The delivery sequence the next message must carry, or 0 until the first one of a pin. */
	private long expectedDelivery;

	/** The revision fed last: lower ones arriving again are this member's own redeliveries. */
	private long lastFed;

	private long silentNanos;

	KvGroupConsumer(JetStreamRequests requests, JetStreamManagement management, String bucket, List<String> filters,
			String name, KvWatchOptions options, KvGroupSettings settings) {
		this.requests = requests;
		this.management = management;
		this.bucket = bucket;
		this.stream = KvSubjects.stream(bucket);
		this.name = name;
		this.options = options;
		this.settings = settings;
		this.batchEnds = new KvBatchEnds(requests, bucket, filters);
		this.pullSubject = requests.api("CONSUMER.MSG.NEXT." + this.stream + "." + name);
		this.expiresNanos = Math.max(settings.failoverTimeout().toNanos() / 2, 4 * HEARTBEAT.toNanos());
		this.keepAliveNanos = settings.failoverTimeout().toNanos() / 4;
		this.subscription = requests.connection().subscribe(requests.connection().createInbox());
		this.acks = new KvGroupAcks(requests.connection());
	}

	@Override
	public List<KvEntry<byte[]>> nextChange(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			if (this.reconnectPending) {
				this.reconnectPending = false;
				renewInbox();
			}
			List<KvEntry<byte[]>> change = this.changes.poll();
			if (change != null) {
				return change;
			}
			Message message = nextMessage(deadline);
			if (message == null) {
				return List.of();
			}
			onMessage(message);
			String batch = this.changes.batchOfUnknownEnd();
			if (batch != null && this.pending == 0) {
				this.changes.endsAt(this.batchEnds.lastMatching(batch, this.changes.fed()));
			}
			if (!this.changes.hasReady() && System.nanoTime() - deadline >= 0) {
				return List.of();
			}
		}
	}

	private @Nullable Message nextMessage(long deadline) throws InterruptedException {
		while (true) {
			if (this.closed) {
				throw lost("the cursor is closed");
			}
			if (this.requested.get() <= 0) {
				pull();
			}
			long wait = Math.max(1, Math.min(deadline - System.nanoTime(), HEARTBEAT.toNanos()));
			long before = System.nanoTime();
			Message message;
			try {
				message = this.subscription.nextMessage(Duration.ofNanos(wait));
			}
			catch (IllegalStateException ex) {
				// The inbox was renewed meanwhile (a reconnect, a rewind) or the connection closed.
				if (this.closed || this.requests.connection().getStatus() == io.nats.client.Connection.Status.CLOSED) {
					throw lost("its subscription ended (" + ex.getMessage() + ")");
				}
				continue;
			}
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
				continue;
			}
			return message;
		}
	}

	private void onStatus(Status status) {
		int code = status.getCode();

		String text = (status.getMessage() != null) ? status.getMessage() : "";
		if (code == Status.FLOW_OR_HEARTBEAT_STATUS_CODE) {
			return;
		}
		if (code == WRONG_PIN) {
			// Another member holds the pin now: what this one received is handled again by it.
			dropHeld();
			this.pinId = null;
			this.requested.set(0);
			return;
		}
		if (code == Status.NOT_FOUND_CODE || code == Status.REQUEST_TIMEOUT_CODE || (code == Status.CONFLICT_CODE
				&& (text.startsWith(Status.EXCEEDED_MAX_PREFIX) || text.equals(Status.BATCH_COMPLETED)
						|| text.equals(Status.MESSAGE_SIZE_EXCEEDS_MAX_BYTES)))) {
			this.requested.set(0);
			return;
		}
		throw lost("status " + code + " " + text);
	}

	private void onMessage(Message message) throws InterruptedException {
		KvAckSubject ack = KvAckSubject.parse(message.getReplyTo());

		this.requested.decrementAndGet();
		Headers headers = message.getHeaders();
		String pin = (headers != null) ? headers.getFirst(PIN_HEADER) : null;
		if (pin != null && !pin.equals(this.pinId)) {
			// Pinned now (again): whatever was held before belongs to an older pin.
			dropHeld();
			this.pinId = pin;
			if (!previousDeliveriesAcknowledged(ack.consumerSequence())) {
				rewind();
				return;
			}
			this.expectedDelivery = ack.consumerSequence();
		}
		if (this.expectedDelivery != 0 && ack.consumerSequence() != this.expectedDelivery) {
			rewind();
			return;
		}
		this.expectedDelivery = ack.consumerSequence() + 1;
		this.pending = ack.pending();
		long revision = ack.streamSequence();
		if (revision <= this.lastFed) {
			// Sent again while this member held it (an acknowledgement wait ran out): it is handled once, here.
			return;
		}
		this.lastFed = revision;
		KvRawEntry raw = KvRawEntry.of(this.bucket, message, ack);
		KvEntry<byte[]> entry = null;
		if (!this.options.ignoreDeletes() || raw.operation().isPut()) {
			entry = new KvEntry<>(this.bucket, raw.key(),
					(!this.options.metaOnly() && raw.operation().isPut()) ? raw.data() : null, revision, raw.created(),
					raw.delta(), raw.operation());
			this.acks.hold(revision, message.getReplyTo());
		}
		else {
			this.acks.acknowledge(message.getReplyTo());
		}
		this.changes.add(entry, revision, headers);
	}

	/**
	 * Whether every delivery before the given one has been acknowledged, so that this member may go on from it.
	 */
	private boolean previousDeliveriesAcknowledged(long delivery) {
		try {
			ConsumerInfo info = this.management.getConsumerInfo(this.stream, this.name);
			return info.getAckFloor().getConsumerSequence() >= delivery - 1;
		}
		catch (IOException | JetStreamApiException ex) {
			return false;
		}
	}

	/**
	 * Rewinds the consumer to its first unacknowledged entry and reads on through a fresh inbox.
	 */
	private void rewind() {
		dropHeld();
		this.pullLock.lock();
		try {
			// No pull may reach the server between the old inbox and the reset: it would be served from before it.
			JetStreamRequests.unsubscribe(this.subscription);
			this.management.resetConsumer(this.stream, this.name);
			this.subscription = this.requests.connection().subscribe(this.requests.connection().createInbox());
			this.requested.set(0);
		}
		catch (IOException | JetStreamApiException | IllegalStateException ex) {
			throw lost("it could not be rewound to its first unacknowledged entry (" + ex.getMessage() + ")");
		}
		finally {
			this.pullLock.unlock();
		}
		this.expectedDelivery = 1;
	}

	/**
	 * Forgets what was received and not handed on: it is delivered again, to this member or another.
	 */
	private void dropHeld() {
		this.changes = new KvChangeAssembler<>();
		this.acks.forget();
		this.lastFed = 0;
		this.expectedDelivery = 0;
	}

	private void renewInbox() {
		this.pullLock.lock();
		try {
			JetStreamRequests.unsubscribe(this.subscription);
			this.subscription = this.requests.connection().subscribe(this.requests.connection().createInbox());
			this.requested.set(0);
		}
		catch (IllegalStateException ex) {
			throw lost("the connection is closed");
		}
		finally {
			this.pullLock.unlock();
		}
	}

	private void pull() {
		this.pullLock.lock();
		try {
			String pin = this.pinId;
			String body = "{\"batch\":" + BATCH + ",\"expires\":" + this.expiresNanos + ",\"idle_heartbeat\":"
					+ HEARTBEAT.toNanos() + ",\"group\":\"" + KvGroups.PRIORITY_GROUP + "\""
					+ ((pin != null) ? ",\"id\":\"" + pin + "\"" : "") + "}";
			this.requests.connection().publish(this.pullSubject, this.subscription.getSubject(),
					body.getBytes(StandardCharsets.US_ASCII));
			this.requested.addAndGet(BATCH);
			this.lastPullNanos = System.nanoTime();
		}
		catch (IllegalStateException ex) {
			throw lost("the connection is closed");
		}
		finally {
			this.pullLock.unlock();
		}
	}

	private void checkConsumer() throws InterruptedException {
		JetStreamRequests.ConsumerState state = this.requests.consumerState(this.stream, this.name, CHECK_TIMEOUT);
		if (state != JetStreamRequests.ConsumerState.EXISTS) {
			throw lost("no heartbeat for " + SILENCE_LIMIT.toMillis() + " ms and "
					+ ((state == JetStreamRequests.ConsumerState.GONE) ? "the server says it does not exist"
							: "no answer about it"));
		}
		this.requested.set(0);
		this.silentNanos = 0;
	}

	@Override
	public void acknowledge(List<KvEntry<byte[]>> change) {
		this.acks.acknowledge(change);
	}

	@Override
	public void keepAlive() {
		if (this.closed) {
			return;
		}
		long now = System.nanoTime();
		if (this.pinId != null && now - this.lastPullNanos > this.keepAliveNanos) {
			try {
				pull();
			}
			catch (KvWatchLostException ex) {
				// The reader finds out too.
			}
		}
		if (now - this.lastProgressNanos > this.settings.ackWait().toNanos() / 3) {
			this.lastProgressNanos = now;
			this.acks.progress();
		}
	}

	@Override
	public void reconnected() {
		this.reconnectPending = true;
	}

	@Override
	public boolean isActive() {
		return this.pinId != null && !this.closed;
	}

	@Override
	public long pending() {
		return this.pending;
	}

	@Override
	public String getConsumerName() {
		return this.name;
	}

	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		JetStreamRequests.unsubscribe(this.subscription);
		if (this.pinId != null) {
			try {
				this.requests.connection().flush(CHECK_TIMEOUT);
				this.management.unpinConsumer(this.stream, this.name, KvGroups.PRIORITY_GROUP);
				// Unpinned first, so that what is given back goes to the next member, not to this one's pulls.
				this.acks.giveBack();
			}
			catch (IOException | JetStreamApiException | java.util.concurrent.TimeoutException
					| InterruptedException | IllegalStateException ex) {
				if (ex instanceof InterruptedException) {
					Thread.currentThread().interrupt();
				}
				// The server lets another member take over after the failover timeout.
			}
			this.pinId = null;
		}
	}

	private KvWatchLostException lost(String reason) {
		return new KvWatchLostException(this.bucket, "group consumer '" + this.name + "': " + reason);
	}

}
