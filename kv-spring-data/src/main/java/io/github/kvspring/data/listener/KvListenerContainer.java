package io.github.kvspring.data.listener;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import io.github.kvspring.data.core.KeyValueOperations;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvBucketInfo;
import io.github.kvspring.data.core.KvEntry;
import io.github.kvspring.data.core.KvSubscription;
import io.github.kvspring.data.core.KvWatchListener;
import io.github.kvspring.data.core.KvWatchOptions;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Runs one listener over a KV watch and keeps it going.
 * <ul>
 * <li>Order: entries are handled in revision order; with concurrency above 1 keys are partitioned across
 * threads, so each key's entries stay in order.</li>
 * <li>Resume: on every reconnect the watch is replaced by one starting right after the last revision received,
 * at once (a plain jnats watch stays silent 15–30 s after a server restart), and the old one's server consumer
 * is deleted; revisions at or below the last one received are never handed on, so nothing is lost or
 * repeated.</li>
 * <li>Failures: an exception from the handler goes to the error handler and the next entry follows; a watch
 * that cannot start is retried with jittered backoff.</li>
 * <li>Caught up: a {@link KvListenerCaughtUpEvent} once every entry present at start was received.</li>
 * </ul>
 */
public class KvListenerContainer {

	private static final long MAX_BACKOFF_MILLIS = 1_000;

	private final KvListenerEndpoint endpoint;

	private final KeyValueOperations operations;

	private final Connection connection;

	private final KvBucketAdmin admin;

	private final KvListenerErrorHandler errorHandler;

	private final @Nullable ApplicationEventPublisher eventPublisher;

	private final ReentrantLock lock = new ReentrantLock();

	private final ConnectionListener reconnects = this::onConnectionEvent;

	private final AtomicBoolean caughtUp = new AtomicBoolean();

	private final AtomicInteger failedAttempts = new AtomicInteger();

	private volatile boolean running;

	private volatile long lastRevision;

	private volatile @Nullable KvSubscription watch;

	private @Nullable ScheduledExecutorService control;

	private ExecutorService @Nullable [] partitions;

	/**
	 * Creates a container; {@link KvListenerContainerFactory} does this for registered endpoints.
	 * @param endpoint the endpoint
	 * @param operations the KV operations to watch with
	 * @param connection their connection, whose reconnects resume the watch
	 * @param admin reads the bucket's latest revision, where an updates-only listener starts
	 * @param errorHandler where failures go
	 * @param eventPublisher where the caught-up event goes, or {@code null}
	 */
	public KvListenerContainer(KvListenerEndpoint endpoint, KeyValueOperations operations, Connection connection,
			KvBucketAdmin admin, KvListenerErrorHandler errorHandler, @Nullable ApplicationEventPublisher eventPublisher) {
		this.endpoint = endpoint;
		this.operations = operations;
		this.connection = connection;
		this.admin = admin;
		this.errorHandler = errorHandler;
		this.eventPublisher = eventPublisher;
	}

	/**
	 * Starts the listener: it delivers as its endpoint's options say, then live changes.
	 */
	public void start() {
		this.lock.lock();
		try {
			if (this.running) {
				return;
			}
			this.running = true;
			this.caughtUp.set(false);
			this.failedAttempts.set(0);
			this.control = Executors.newSingleThreadScheduledExecutor((task) -> thread(task, "control"));
			int concurrency = this.endpoint.concurrency();
			if (concurrency > 1) {
				ExecutorService[] executors = new ExecutorService[concurrency];
				for (int i = 0; i < concurrency; i++) {
					String suffix = Integer.toString(i);
					executors[i] = Executors.newSingleThreadExecutor((task) -> thread(task, suffix));
				}
				this.partitions = executors;
			}
			this.connection.addConnectionListener(this.reconnects);
			KvWatchOptions options = this.endpoint.options();
			if (options.updatesOnly()) {
				// Start right after the bucket's latest revision rather than "new only", so that a resume
				// before the first entry still knows where to start.
				options = fromRevision(options, startRevision() + 1);
			}
			KvWatchOptions initial = options;
			schedule(() -> watch(initial), 0);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Stops the listener: its watch and its server consumer go, its threads end.
	 */
	public void stop() {
		ScheduledExecutorService stoppedControl;
		ExecutorService[] stoppedPartitions;
		this.lock.lock();
		try {
			if (!this.running) {
				return;
			}
			this.running = false;
			this.connection.removeConnectionListener(this.reconnects);
			replaceWatch(null);
			stoppedControl = this.control;
			stoppedPartitions = this.partitions;
			this.control = null;
			this.partitions = null;
		}
		finally {
			this.lock.unlock();
		}
		shutdown(stoppedControl);
		if (stoppedPartitions != null) {
			for (ExecutorService partition : stoppedPartitions) {
				shutdown(partition);
			}
		}
	}

	private void watch(KvWatchOptions options) {
		this.lock.lock();
		try {
			if (!this.running) {
				return;
			}
			replaceWatch(this.operations.watch(this.endpoint.bucket(), this.endpoint.filters(), byte[].class,
					options, new Delivery()));
			this.failedAttempts.set(0);
		}
		catch (RuntimeException ex) {
			this.errorHandler.handleWatchFailure(this, ex);
			int attempt = this.failedAttempts.incrementAndGet();
			long backoff = Math.min(MAX_BACKOFF_MILLIS, 50L << Math.min(attempt, 7));
			schedule(() -> watch(resumeOptions()), ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1));
		}
		finally {
			this.lock.unlock();
		}
	}

	private void replaceWatch(@Nullable KvSubscription next) {
		KvSubscription previous = this.watch;
		this.watch = next;
		if (previous != null) {
			previous.stop();
		}
	}

	private void onConnectionEvent(Connection connection, ConnectionListener.Events event) {
		if (this.running && (event == ConnectionListener.Events.RECONNECTED
				|| event == ConnectionListener.Events.RESUBSCRIBED)) {
			schedule(() -> watch(resumeOptions()), 0);
		}
	}

	/**
	 * Right after the last revision received; as first configured if nothing was received yet.
	 */
	private KvWatchOptions resumeOptions() {
		long last = this.lastRevision;
		KvWatchOptions options = this.endpoint.options();
		if (last > 0) {
			return fromRevision(options, last + 1);
		}
		return options.updatesOnly() ? fromRevision(options, startRevision() + 1) : options;
	}

	private static KvWatchOptions fromRevision(KvWatchOptions options, long revision) {
		return new KvWatchOptions(false, options.ignoreDeletes(), false, options.metaOnly(), revision);
	}

	private long startRevision() {
		KvBucketInfo info = this.admin.info(this.endpoint.bucket());
		return (info != null) ? info.lastRevision() : 0;
	}

	private void schedule(Runnable task, long delayMillis) {
		ScheduledExecutorService current = this.control;
		if (current != null && !current.isShutdown()) {
			current.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
		}
	}

	private void dispatch(KvEntry<byte[]> entry) {
		if (entry.revision() <= this.lastRevision) {
			return;
		}
		this.lastRevision = entry.revision();
		ExecutorService[] current = this.partitions;
		if (current == null) {
			handle(entry);
		}
		else {
			current[Math.floorMod(entry.key().hashCode(), current.length)].execute(() -> handle(entry));
		}
	}

	private void handle(KvEntry<byte[]> entry) {
		try {
			this.endpoint.handler().handle(entry);
		}
		catch (Exception ex) {
			this.errorHandler.handleFailure(this, entry, ex);
		}
	}

	private void onCaughtUp() {
		if (this.caughtUp.compareAndSet(false, true) && this.eventPublisher != null) {
			this.eventPublisher.publishEvent(new KvListenerCaughtUpEvent(this, this.lastRevision));
		}
	}

	private Thread thread(Runnable task, String suffix) {
		Thread thread = new Thread(task, "kv-listener-" + this.endpoint.id() + "-" + suffix);
		thread.setDaemon(true);
		return thread;
	}

	private static void shutdown(@Nullable ExecutorService executor) {
		if (executor == null) {
			return;
		}
		executor.shutdown();
		try {
			if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
				executor.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			executor.shutdownNow();
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * The listener's id.
	 * @return the id
	 */
	public String getId() {
		return this.endpoint.id();
	}

	/**
	 * The listener's endpoint.
	 * @return the endpoint
	 */
	public KvListenerEndpoint getEndpoint() {
		return this.endpoint;
	}

	/**
	 * Whether the listener is started.
	 * @return whether it runs
	 */
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Whether the listener is started and its watch is live on a connected connection.
	 * @return whether it receives changes now
	 */
	public boolean isConnected() {
		KvSubscription current = this.watch;
		return this.running && current != null && current.isActive()
				&& this.connection.getStatus() == Connection.Status.CONNECTED;
	}

	/**
	 * The revision of the last entry handed to the listener, or 0.
	 * @return the last revision
	 */
	public long getLastRevision() {
		return this.lastRevision;
	}

	/**
	 * How far behind the bucket the listener is: the matching entries still to deliver when the last one
	 * arrived (0 once caught up).
	 * @return the entries pending
	 */
	public long getPending() {
		KvSubscription current = this.watch;
		return (current != null) ? current.pending() : 0;
	}

	/**
	 * Whether the listener has received every entry present when it started.
	 * @return whether it has caught up
	 */
	public boolean isCaughtUp() {
		return this.caughtUp.get();
	}

	/**
	 * Hands the watch's entries on, in order, and notes the end of the initial data.
	 */
	private final class Delivery implements KvWatchListener<byte[]> {

		@Override
		public void onEntry(KvEntry<byte[]> entry) {
			dispatch(entry);
		}

		@Override
		public void onEndOfInitialData() {
			onCaughtUp();
		}

	}

}
