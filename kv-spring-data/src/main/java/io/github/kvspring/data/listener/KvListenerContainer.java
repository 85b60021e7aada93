package io.github.kvspring.data.listener;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.ReentrantLock;

import io.github.kvspring.data.core.KeyValueOperations;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvBucketInfo;
import io.github.kvspring.data.core.KvBucketNotFoundException;
import io.github.kvspring.data.core.KvEntry;
import io.github.kvspring.data.core.KvWatchCursor;
import io.github.kvspring.data.core.KvWatchOptions;
import io.github.kvspring.data.observation.DefaultKvListenerObservationConvention;
import io.github.kvspring.data.observation.KvListenerObservationContext;
import io.github.kvspring.data.observation.KvListenerObservationConvention;
import io.github.kvspring.data.observation.KvObservationDocumentation;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.task.TaskExecutor;

/**
 * Runs one listener: a fetch loop reads the bucket through a {@link KvWatchCursor} and hands each entry to the
 * listener's method, on threads of the container's {@link TaskExecutor} — never on a NATS client thread.
 * <p>
 * What it guarantees (the delivery contract, stated once here and in the README):
 * <ul>
 * <li><b>Within a running container</b> every entry the watch matches reaches the method once, in revision order;
 * with {@code concurrency} above 1 keys are partitioned over that many threads, so each key's entries are handled
 * one at a time and in order. Reconnects, server restarts, a deleted or unreachable server consumer and a missed
 * message are noticed (a lost consumer within 2 s) and the watch is opened again right after the last
 * entry received; nothing is lost or handed over twice. One watch is open at a time: the replaced one's server
 * consumer is deleted first, and anything it still sends is dropped.</li>
 * <li><b>Across {@link #stop()} and {@link #start()}</b> the container resumes where its method left off: from
 * the lowest revision some partition had not finished, skipping the entries already handled. {@code stop()}
 * waits for running methods (up to the shutdown timeout), never interrupts them, and drops entries that were
 * waiting; a later {@code start()} first waits for any method still running.</li>
 * <li><b>Across an application restart</b> nothing is remembered: a new container starts as its endpoint says
 * (current values, history, updates only or a revision).</li>
 * </ul>
 * Memory stays bounded however slow the method: the cursor fetches {@code 256} entries at a time and each
 * partition holds at most {@value #PARTITION_CAPACITY}; a full partition stops the fetching, and so the server.
 * An updates-only listener reads the bucket's last revision once, at its first {@code start()}: nothing written
 * after that returned is skipped. A method's exception goes to the {@link KvListenerErrorHandler} and the next
 * entry follows.
 */
public class KvListenerContainer {

	private static final System.Logger logger = System.getLogger(KvListenerContainer.class.getName());

	/** Entries each partition holds at most while its method works. */
	static final int PARTITION_CAPACITY = 64;

	private static final long MAX_BACKOFF_MILLIS = 1_000;

	private final KvListenerEndpoint endpoint;

	private final KeyValueOperations operations;

	private final Connection connection;

	private final KvBucketAdmin admin;

	private final KvListenerErrorHandler errorHandler;

	private final @Nullable ApplicationEventPublisher eventPublisher;

	private final TaskExecutor taskExecutor;

	private final Duration shutdownTimeout;

	private final ObservationRegistry observationRegistry;

	private final @Nullable KvListenerObservationConvention observationConvention;

	private final ReentrantLock lock = new ReentrantLock();

	private final ConnectionListener reconnects = this::onConnectionEvent;

	/** The revision each partition's method last finished: kept across stop and start. */
	private final AtomicLongArray handled;

	private final AtomicLong lastRevision = new AtomicLong();

	private final AtomicLong recoveries = new AtomicLong();

	/**
	 * Where the next watch starts: 0 while the endpoint's own start applies (its current values not yet all
	 * received), else the revision to open the watch from. Written by the fetch loop, read by it and by start().
	 */
	private volatile long resumeFrom;

	private boolean positioned;

	private volatile KvListenerState state = KvListenerState.STOPPED;

	private volatile @Nullable Exception lastFailure;

	private volatile @Nullable KvListenerRun run;

	/**
	 * Creates a container; {@link KvListenerContainerFactory} does this for registered endpoints.
	 * @param endpoint the endpoint
	 * @param operations the KV operations to watch with
	 * @param connection their connection, whose reconnects resume the watch
	 * @param admin reads the bucket's latest revision, where an updates-only listener starts
	 * @param errorHandler where failures go
	 * @param eventPublisher where the caught-up event goes, or {@code null}
	 * @param settings the executor, shutdown timeout and observation settings of the factory
	 */
	public KvListenerContainer(KvListenerEndpoint endpoint, KeyValueOperations operations, Connection connection,
			KvBucketAdmin admin, KvListenerErrorHandler errorHandler, @Nullable ApplicationEventPublisher eventPublisher,
			KvListenerContainerSettings settings) {
		this.endpoint = endpoint;
		this.operations = operations;
		this.connection = connection;
		this.admin = admin;
		this.errorHandler = errorHandler;
		this.eventPublisher = eventPublisher;
		this.taskExecutor = settings.taskExecutor(endpoint.id());
		this.shutdownTimeout = settings.shutdownTimeout();
		this.observationRegistry = settings.observationRegistry();
		this.observationConvention = settings.observationConvention();
		this.handled = new AtomicLongArray(endpoint.concurrency());
	}

	/**
	 * Starts the listener: it delivers as its endpoint's options say (the first time) or from where it stopped,
	 * then live changes. Waits first for a method still running from before a stop.
	 * @throws org.springframework.dao.DataAccessException if an updates-only listener cannot read the bucket's
	 * last revision (the bucket is missing, say); the container stays stopped and can be started again
	 */
	public void start() {
		this.lock.lock();
		try {
			KvListenerRun previous = this.run;
			if (previous != null && previous.isActive()) {
				return;
			}
			if (previous != null) {
				previous.awaitTermination(null);
				rewind(previous);
			}
			try {
				position();
			}
			catch (RuntimeException ex) {
				this.lastFailure = ex;
				throw ex;
			}
			KvListenerRun next = new KvListenerRun(this, this.endpoint.concurrency(), copy(this.handled));
			this.run = next;
			this.state = KvListenerState.STARTING;
			this.connection.addConnectionListener(this.reconnects);
			try {
				next.launch(this.taskExecutor);
			}
			catch (RuntimeException ex) {
				next.deactivate();
				this.connection.removeConnectionListener(this.reconnects);
				this.state = KvListenerState.STOPPED;
				this.lastFailure = ex;
				throw ex;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Where an updates-only listener or one from a revision starts, fixed once, at the first start.
	 */
	private void position() {
		if (this.positioned) {
			return;
		}
		KvWatchOptions options = this.endpoint.options();
		if (options.updatesOnly()) {
			KvBucketInfo info = this.admin.info(this.endpoint.bucket());
			if (info == null) {
				throw new KvBucketNotFoundException(this.endpoint.bucket(), null);
			}
			this.resumeFrom = info.lastRevision() + 1;
		}
		else if (options.fromRevision() > 0) {
			this.resumeFrom = options.fromRevision();
		}
		this.positioned = true;
	}

	/**
	 * After a stop, the entries that were waiting in partitions (or could not be handed over) were dropped:
	 * start again at the lowest of them. Entries already handled are skipped by revision per partition.
	 */
	private void rewind(KvListenerRun previous) {
		long lowest = previous.lowestUnfinished();
		if (lowest != Long.MAX_VALUE && this.resumeFrom > 0) {
			this.resumeFrom = Math.min(this.resumeFrom, lowest);
		}
	}

	/**
	 * Stops the listener: no further entry is handed over, a running method is waited for up to the shutdown
	 * timeout (never interrupted), the watch and its server consumer go, and the threads end.
	 */
	public void stop() {
		KvListenerRun stopping = beginStop();
		if (stopping != null) {
			finishStop(stopping);
		}
	}

	/**
	 * Stops handing entries over, without waiting: the registry stops every container this way first, then waits
	 * for them all.
	 * @return the run to wait for, or {@code null} if the container was not running
	 */
	@Nullable KvListenerRun beginStop() {
		this.lock.lock();
		try {
			KvListenerRun current = this.run;
			if (current == null || !current.isActive()) {
				return null;
			}
			current.deactivate();
			this.connection.removeConnectionListener(this.reconnects);
			this.state = KvListenerState.STOPPING;
			return current;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Stops handing entries over, without waiting, as {@link #beginStop()}.
	 * @return what waits for the running methods (up to the shutdown timeout), or {@code null} if the container was
	 * not running
	 */
	@Nullable Runnable beginStopping() {
		KvListenerRun stopping = beginStop();
		return (stopping != null) ? () -> finishStop(stopping) : null;
	}

	/**
	 * Waits up to the shutdown timeout for the run's methods to finish.
	 */
	void finishStop(KvListenerRun stopping) {
		if (!stopping.awaitTermination(this.shutdownTimeout)) {
			logger.log(System.Logger.Level.WARNING, "Listener '" + getId() + "' on bucket '" + this.endpoint.bucket()
					+ "': a method was still running after " + this.shutdownTimeout.toMillis()
					+ " ms; it is left to finish, and a restart waits for it");
		}
		if (this.run == stopping && !stopping.isActive()) {
			this.state = KvListenerState.STOPPED;
		}
	}

	private void onConnectionEvent(Connection connection, ConnectionListener.Events event) {
		KvListenerRun current = this.run;
		if (current != null && (event == ConnectionListener.Events.RECONNECTED
				|| event == ConnectionListener.Events.RESUBSCRIBED)) {
			current.reconnected();
		}
	}

	long reconnectCount() {
		return this.connection.getStatistics().getReconnects();
	}

	// ---- called by the run's fetch loop and workers

	/**
	 * Opens the watch where the listener stands, or backs off after a failure.
	 * @return the cursor, or {@code null} after a failed attempt
	 */
	@Nullable KvWatchCursor open(KvListenerRun run, int attempt) throws InterruptedException {
		if (this.connection.getStatus() != Connection.Status.CONNECTED) {
			this.state = KvListenerState.RECOVERING;
			run.pause(MAX_BACKOFF_MILLIS);
			return null;
		}
		try {
			long from = this.resumeFrom;
			KvWatchOptions options = this.endpoint.options();
			if (from > 0) {
				options = new KvWatchOptions(false, options.ignoreDeletes(), false, options.metaOnly(), from);
			}
			KvWatchCursor cursor = this.operations.openWatchCursor(this.endpoint.bucket(), this.endpoint.filters(),
					options);
			if (this.state == KvListenerState.RECOVERING) {
				this.recoveries.incrementAndGet();
			}
			this.state = KvListenerState.RUNNING;
			return cursor;
		}
		catch (RuntimeException ex) {
			lost(ex);
			long backoff = Math.min(MAX_BACKOFF_MILLIS, 50L << Math.min(attempt, 7));
			run.pause(ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1));
			return null;
		}
	}

	/**
	 * The connection came back: the fetch loop opens the watch again.
	 */
	void resuming() {
		this.state = KvListenerState.RECOVERING;
	}

	/**
	 * The watch failed or was lost: the fetch loop opens another.
	 */
	void lost(Exception failure) {
		this.state = KvListenerState.RECOVERING;
		this.lastFailure = failure;
		this.errorHandler.handleWatchFailure(this, failure);
	}

	/**
	 * The fetch loop received an entry (handed over or skipped): a watch opened again starts after it, unless the
	 * endpoint's own start (current values) still applies.
	 */
	void received(long revision) {
		if (this.resumeFrom > 0) {
			this.resumeFrom = Math.max(this.resumeFrom, revision + 1);
		}
	}

	/**
	 * Every entry present at the watch's start has been received: from now on a watch opened again replays from a
	 * revision, the current values being known.
	 * @param lastReceived the last revision received, or 0
	 */
	void caughtUp(long lastReceived) {
		if (this.resumeFrom == 0) {
			// Nothing matched when the watch opened if nothing was received: every later entry comes from 1 on.
			this.resumeFrom = lastReceived + 1;
		}
		if (this.eventPublisher != null) {
			this.eventPublisher.publishEvent(new KvListenerCaughtUpEvent(this, this.lastRevision.get()));
		}
	}

	/**
	 * Calls the listener's method for one change on the calling (container-owned) thread: once with the whole
	 * change, or once for each of its entries — for every entry, even if a stop comes meanwhile, so that no
	 * transaction is left half handled.
	 */
	void invoke(List<KvEntry<byte[]>> change) {
		KvEntryHandler handler = this.endpoint.handler();
		if (handler.takesWholeChanges()) {
			call(change.get(0), () -> handler.handleChange(change));
		}
		else {
			for (KvEntry<byte[]> entry : change) {
				call(entry, () -> handler.handle(entry));
			}
		}
		handled(change);
	}

	/**
	 * Records a change as handled: the revision of each partition and the last revision.
	 */
	void handled(List<KvEntry<byte[]>> change) {
		for (KvEntry<byte[]> entry : change) {
			this.handled.set(partition(entry.key()), entry.revision());
		}
		this.lastRevision.accumulateAndGet(change.get(change.size() - 1).revision(), Math::max);
	}

	private void call(KvEntry<byte[]> entry, Observation.CheckedRunnable<Exception> method) {
		Exception failure = observe(entry, method);
		if (failure != null) {
			this.errorHandler.handleFailure(this, entry, failure);
		}
	}

	/**
	 * Calls the method, observed as a call on the given entry.
	 * @return what it threw, or {@code null}
	 */
	@Nullable Exception observe(KvEntry<byte[]> entry, Observation.CheckedRunnable<Exception> method) {
		try {
			if (this.observationRegistry.isNoop()) {
				method.run();
			}
			else {
				KvListenerObservationContext context = new KvListenerObservationContext(getId(), entry.bucket(),
						entry.key(), entry.revision(), entry.operation().name().toLowerCase(Locale.ROOT));
				KvObservationDocumentation.LISTENER
					.observation(this.observationConvention, DefaultKvListenerObservationConvention.INSTANCE,
							() -> context, this.observationRegistry)
					.observeChecked(method);
			}
			return null;
		}
		catch (Exception ex) {
			return ex;
		}
	}

	/**
	 * The revision the method last finished in a partition.
	 */
	long handled(int partition) {
		return this.handled.get(partition);
	}

	int partition(String key) {
		return Math.floorMod(key.hashCode(), this.endpoint.concurrency());
	}

	KvListenerEndpoint endpoint() {
		return this.endpoint;
	}

	private static long[] copy(AtomicLongArray values) {
		long[] copy = new long[values.length()];
		for (int i = 0; i < copy.length; i++) {
			copy[i] = values.get(i);
		}
		return copy;
	}

	// ---- state

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
	 * Whether the listener is started (and not stopped since).
	 * @return whether it runs
	 */
	public boolean isRunning() {
		KvListenerRun current = this.run;
		return current != null && current.isActive();
	}

	/**
	 * Where the listener stands.
	 * @return the state
	 */
	public KvListenerState getState() {
		return this.state;
	}

	/**
	 * Whether the listener receives changes now: started, its watch open, the connection connected.
	 * @return whether it is connected
	 */
	public boolean isConnected() {
		return this.state == KvListenerState.RUNNING && this.connection.getStatus() == Connection.Status.CONNECTED;
	}

	/**
	 * The highest revision the listener's method has finished, or 0.
	 * @return the last revision handled
	 */
	public long getLastRevision() {
		return this.lastRevision.get();
	}

	/**
	 * How far behind the bucket the listener is: the matching entries the server still had to send after the
	 * last one received, plus those received and waiting for the method.
	 * @return the entries pending, 0 once caught up
	 */
	public long getPending() {
		KvListenerRun current = this.run;
		return (current != null) ? current.pending() : 0;
	}

	/**
	 * Whether the listener has received every entry present when it last started.
	 * @return whether it has caught up
	 */
	public boolean isCaughtUp() {
		KvListenerRun current = this.run;
		return current != null && current.isCaughtUp();
	}

	/**
	 * How many times the watch was opened again after it was lost or failed.
	 * @return the recoveries since the container was created
	 */
	public long getRecoveries() {
		return this.recoveries.get();
	}

	/**
	 * The last failure of the watch (a lost consumer, a failed attempt to open it) or of a start.
	 * @return the failure, or {@code null}
	 */
	public @Nullable Exception getLastFailure() {
		return this.lastFailure;
	}

}
