package io.github.kvspring.data.core;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
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

	private static final long CONSUMER_CHECK_NANOS = 100_000_000;

	private final Connection connection;

	private final JetStreamOptions jetStreamOptions;

	private final JetStreamRequests requests;

	private final String bucket;

	private final KvWatchOptions options;

	private final Function<KvRawEntry, KvEntry<T>> converter;

	private final KvWatchListener<T> listener;

	private final BiFunction<List<String>, Duration, Long> lastMatchingRevision;

	private final ReentrantLock progressLock = new ReentrantLock();

	private final Condition progress = this.progressLock.newCondition();

	/** How many callers wait in awaitCaughtUp: entries signal progress only then. */
	private final AtomicInteger waiting = new AtomicInteger();

	/** Why the watch can no longer be trusted to hold every entry (consumer gone, entries removed silently). */
	private volatile @Nullable String lostReason;

	private List<String> filters = List.of();

	/** Entries up to this revision count as received: those a watch of updates or from a revision never delivers. */
	private volatile long floorRevision;

	private final AtomicBoolean endOfInitialData = new AtomicBoolean();

	private volatile long lastRevision;

	/** Only the dispatcher's thread feeds it. */
	private final KvChangeAssembler<KvEntry<T>> changes = new KvChangeAssembler<>();

	private volatile long pending;

	private volatile boolean active;

	private @Nullable Dispatcher dispatcher;

	private @Nullable JetStreamSubscription subscription;

	KvWatch(Connection connection, JetStreamOptions jetStreamOptions, String bucket, KvWatchOptions options,
			Function<KvRawEntry, KvEntry<T>> converter, KvWatchListener<T> listener,
			BiFunction<List<String>, Duration, Long> lastMatchingRevision) {
		this.connection = connection;
		this.lastMatchingRevision = lastMatchingRevision;
		this.jetStreamOptions = jetStreamOptions;
		this.requests = new JetStreamRequests(connection, jetStreamOptions);
		this.bucket = bucket;
		this.options = options;
		this.converter = converter;
		this.listener = listener;
	}

	void start(JetStream jetStream, List<String> filters) throws IOException, JetStreamApiException {
		this.filters = List.copyOf(filters);
		this.floorRevision = Math.max(0, this.options.fromRevision() - 1);
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
			ConsumerInfo info = started.getConsumerInfo();
			if (this.options.updatesOnly()) {
				// A consumer of new entries starts past the stream's last one.
				this.floorRevision = info.getDelivered().getStreamSequence();
			}
			if (this.options.updatesOnly() || info.getCalculatedPending() == 0) {
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
		KvEntry<T> entry = (this.options.ignoreDeletes() && !raw.operation().isPut()) ? null : convert(raw);
		this.changes.add(entry, raw.revision(), message.getHeaders());
		String batch = this.changes.batchOfUnknownEnd();
		if (batch != null && raw.delta() == 0) {
			try {
				this.changes.endsAt(new KvBatchEnds(this.requests, this.bucket, this.filters).lastMatching(batch,
						raw.revision()));
			}
			catch (KvWatchLostException ex) {
				// Nothing more is delivered: what the listener built would show half a transaction.
				this.lostReason = ex.getMessage();
				this.active = false;
				return;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		for (List<KvEntry<T>> change = this.changes.poll(); change != null; change = this.changes.poll()) {
			deliver(change);
		}
		// Set once the listener is done with the entries: awaitCaughtUp relies on it. A transaction whose entries
		// are still arriving counts as not received.
		this.pending = raw.delta();
		this.lastRevision = this.changes.released();
		if (raw.delta() == 0) {
			signalEndOfInitialData();
		}
		if (this.waiting.get() > 0) {
			signalProgress();
		}
	}

	private void signalProgress() {
		this.progressLock.lock();
		try {
			this.progress.signalAll();
		}
		finally {
			this.progressLock.unlock();
		}
	}

	private @Nullable KvEntry<T> convert(KvRawEntry raw) {
		try {
			return this.converter.apply(raw);
		}
		catch (KvValueConversionException ex) {
			this.listener.onConversionFailure(raw.key(), raw.revision(), ex);
			return null;
		}
	}

	private void deliver(List<KvEntry<T>> change) {
		try {
			this.listener.onChange(change);
		}
		catch (RuntimeException ex) {
			KvEntry<T> first = change.get(0);
			logger.log(System.Logger.Level.WARNING, "Watch listener failed on key '" + first.key() + "' at revision "
					+ first.revision() + " in bucket '" + this.bucket + "'; the watch carries on", ex);
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
		return this.active && this.lostReason == null && this.connection.getStatus() != Connection.Status.CLOSED;
	}

	@Override
	public @Nullable String lostReason() {
		if (this.lostReason != null) {
			return this.lostReason;
		}
		if (!this.active) {
			return "stopped";
		}
		return (this.connection.getStatus() == Connection.Status.CLOSED) ? "connection closed" : null;
	}

	@Override
	public long lastRevision() {
		return this.lastRevision;
	}

	@Override
	public long pending() {
		return this.pending;
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * The stream leader names the last revision among the watched keys (the one a write acknowledged before this
	 * call would be at most); the watch has caught up once its listener is past it. A leader's answer older than
	 * what the watch has delivered means entries went without an event (a stream purge, values expired without
	 * markers): the watch is then lost, as it is when its server consumer is gone. Waiting is on a condition the
	 * watch signals, and ends early on interrupt.
	 */
	@Override
	public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		if (!isActive()) {
			return false;
		}
		// Only what was delivered before the question can be held against the answer: a busy bucket delivers
		// newer entries while the leader answers.
		long deliveredBefore = this.lastRevision;
		long target;
		try {
			target = this.lastMatchingRevision.apply(this.filters, timeout);
		}
		catch (RuntimeException ex) {
			if (Thread.interrupted()) {
				throw new InterruptedException("Interrupted while asking the stream leader of bucket '" + this.bucket
						+ "' for its newest revision");
			}
			// No answer in time (an election, a slow server): slow, not lost.
			return false;
		}
		if (target < deliveredBefore) {
			this.lostReason = "the newest matching revision is " + target + " but revision " + deliveredBefore
					+ " was delivered: entries were removed without an event";
			return false;
		}
		long nextConsumerCheck = System.nanoTime() + CONSUMER_CHECK_NANOS;
		this.waiting.incrementAndGet();
		try {
			while (Math.max(this.lastRevision, this.floorRevision) < target) {
				long now = System.nanoTime();
				if (now - deadline >= 0 || !isActive()) {
					return false;
				}
				if (now - nextConsumerCheck >= 0) {
					// A consumer lost with a restarted server would never deliver: no need to wait for the timeout.
					checkConsumer(deadline - now);
					nextConsumerCheck = now + CONSUMER_CHECK_NANOS;
					continue;
				}
				this.progressLock.lockInterruptibly();
				try {
					if (Math.max(this.lastRevision, this.floorRevision) < target) {
						this.progress.awaitNanos(Math.min(deadline, nextConsumerCheck) - now);
					}
				}
				finally {
					this.progressLock.unlock();
				}
			}
			return true;
		}
		finally {
			this.waiting.decrementAndGet();
		}
	}

	/**
	 * Marks the watch lost only when the server says its consumer does not exist; no answer is not an answer.
	 */
	private void checkConsumer(long remainingNanos) throws InterruptedException {
		JetStreamSubscription current = this.subscription;
		if (current == null || remainingNanos <= 0) {
			return;
		}
		String consumer;
		try {
			consumer = current.getConsumerName();
		}
		catch (IllegalStateException ex) {
			return;
		}
		if (this.requests.consumerState(KvSubjects.stream(this.bucket), consumer,
				Duration.ofNanos(Math.min(remainingNanos, CONSUMER_CHECK_NANOS))) == JetStreamRequests.ConsumerState.GONE) {
			this.lostReason = "its server consumer is gone";
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
