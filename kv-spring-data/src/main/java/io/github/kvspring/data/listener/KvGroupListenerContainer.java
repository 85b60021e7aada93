package io.github.kvspring.data.listener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import io.github.kvspring.data.core.KeyValueOperations;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvEntry;
import io.github.kvspring.data.core.KvGroupCursor;
import io.github.kvspring.data.core.KvGroupSettings;
import io.github.kvspring.data.core.KvGroups;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.task.TaskExecutor;
import org.springframework.util.Assert;

/**
 * The container of a group listener ({@code @KvListener(group = ...)}): this instance's member of the group. Every
 * member reads the group's durable consumer ({@link KvGroups}); the server hands changes to one member at a time.
 * <p>
 * What it guarantees (the group delivery contract, stated once here and in the README):
 * <ul>
 * <li><b>Once per group while nothing fails</b>: each change reaches the method of one member, once, in revision
 * order; it is acknowledged after the method returns. A method that throws is called again in place as the error
 * handler's {@linkplain KvListenerErrorHandler#retryBackOff() back-off} says (later changes wait, so the order
 * holds); after its last attempt the error handler and the {@link KvDeadLetterHandler} get the change, and it is
 * acknowledged.</li>
 * <li><b>At least once across failures</b>: when the active member stops, another takes over at once; when it dies
 * or is cut off, another takes over after the failover timeout. The new one goes on from the first change not
 * acknowledged, so a change is handled again only if its method had not returned (or its acknowledgement was lost)
 * when its member went away, and the order per key — indeed of all changes — holds. Make the method idempotent
 * with the revision.</li>
 * <li><b>Across restarts of the whole fleet</b> the group resumes where it stands; a new group starts as its
 * endpoint says (current values, history, updates only, from a revision).</li>
 * </ul>
 * It holds two threads of the executor while it runs: one reads and calls the method, one keeps the member's hold
 * on the group (pulls while the method runs, progress reports on unacknowledged entries).
 */
public class KvGroupListenerContainer extends KvListenerContainer {

	private static final System.Logger logger = System.getLogger(KvGroupListenerContainer.class.getName());

	private static final Duration POLL = Duration.ofMillis(100);

	private static final long KEEP_ALIVE_MILLIS = 100;

	private static final long MAX_BACKOFF_MILLIS = 1_000;

	private final KvListenerEndpoint endpoint;

	private final String group;

	private final Connection connection;

	private final KvGroups groups;

	private final KvGroupSettings groupSettings;

	private final KvListenerErrorHandler errorHandler;

	private final KvGroupDelivery delivery;

	private final TaskExecutor taskExecutor;

	private final Duration shutdownTimeout;

	private final ReentrantLock lock = new ReentrantLock();

	private final ConnectionListener reconnects = this::onConnectionEvent;

	private final AtomicLong recoveries = new AtomicLong();

	private volatile KvListenerState state = KvListenerState.STOPPED;

	private volatile @Nullable Exception lastFailure;

	private volatile @Nullable Member member;

	/**
	 * Creates a container; {@link KvListenerContainerFactory} does this for endpoints with a group.
	 * @param endpoint the endpoint, with a group
	 * @param operations the KV operations of the factory
	 * @param connection their connection
	 * @param admin the bucket admin of the factory
	 * @param errorHandler where failures go
	 * @param eventPublisher where events go, or {@code null}
	 * @param settings the executor, shutdown timeout and observation settings of the factory
	 * @param groups opens the group's consumer, on the same connection
	 * @param groupSettings the failover timeout, acknowledgement wait and entries in flight of the group's consumer
	 * @param deadLetterHandler where a change goes after the method failed on its last attempt, or {@code null}
	 */
	public KvGroupListenerContainer(KvListenerEndpoint endpoint, KeyValueOperations operations, Connection connection,
			KvBucketAdmin admin, KvListenerErrorHandler errorHandler, @Nullable ApplicationEventPublisher eventPublisher,
			KvListenerContainerSettings settings, KvGroups groups, KvGroupSettings groupSettings,
			@Nullable KvDeadLetterHandler deadLetterHandler) {
		super(endpoint, operations, connection, admin, errorHandler, eventPublisher, settings);
		String group = endpoint.group();
		Assert.notNull(group, () -> "Listener '" + endpoint.id() + "' has no group");
		this.endpoint = endpoint;
		this.group = group;
		this.connection = connection;
		this.groups = groups;
		this.groupSettings = groupSettings;
		this.errorHandler = errorHandler;
		this.delivery = new KvGroupDelivery(this, endpoint.handler(), errorHandler, deadLetterHandler);
		this.taskExecutor = settings.taskExecutor(endpoint.id());
		this.shutdownTimeout = settings.shutdownTimeout();
	}

	/**
	 * Joins the group: this member waits to be picked, then handles the group's changes from the first one not
	 * acknowledged. Waits first for a method still running from before a stop.
	 */
	@Override
	public void start() {
		this.lock.lock();
		try {
			Member previous = this.member;
			if (previous != null && previous.active) {
				return;
			}
			if (previous != null) {
				previous.await(null);
			}
			Member next = new Member();
			this.member = next;
			this.state = KvListenerState.STARTING;
			this.connection.addConnectionListener(this.reconnects);
			try {
				this.taskExecutor.execute(next::consume);
				this.taskExecutor.execute(next::keepAlive);
			}
			catch (RuntimeException ex) {
				next.active = false;
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
	 * Leaves the group: the change in hand is finished and acknowledged (waiting up to the shutdown timeout), then
	 * another member takes over at once. A change waiting between retries is given back unacknowledged, and
	 * that member handles it (from attempt 1).
	 */
	@Override
	public void stop() {
		Runnable finish = beginStopping();
		if (finish != null) {
			finish.run();
		}
	}

	@Override
	@Nullable Runnable beginStopping() {
		this.lock.lock();
		try {
			Member current = this.member;
			if (current == null || !current.active) {
				return null;
			}
			current.active = false;
			current.leaving.countDown();
			this.connection.removeConnectionListener(this.reconnects);
			this.state = KvListenerState.STOPPING;
			return () -> finishStop(current);
		}
		finally {
			this.lock.unlock();
		}
	}

	private void finishStop(Member stopping) {
		if (!stopping.await(this.shutdownTimeout)) {
			logger.log(System.Logger.Level.WARNING, "Listener '" + getId() + "' on bucket '" + this.endpoint.bucket()
					+ "' in group '" + this.group + "': a method was still running after "
					+ this.shutdownTimeout.toMillis() + " ms; it is left to finish, and a restart waits for it");
		}
		if (this.member == stopping) {
			this.state = KvListenerState.STOPPED;
		}
	}

	private void onConnectionEvent(Connection source, ConnectionListener.Events event) {
		Member current = this.member;
		if (current != null && event == ConnectionListener.Events.RECONNECTED) {
			current.reconnectPending = true;
		}
	}

	/**
	 * One start-to-stop of this member: the reader that calls the method, and the keeper.
	 */
	private final class Member {

		private final CountDownLatch terminated = new CountDownLatch(2);

		private final CountDownLatch stopping = new CountDownLatch(1);

		private final CountDownLatch leaving = new CountDownLatch(1);

		private volatile boolean active = true;

		private volatile boolean reconnectPending;

		private volatile @Nullable KvGroupCursor cursor;

		void consume() {
			KvGroupCursor current = null;
			int attempt = 0;
			try {
				while (this.active) {
					if (current == null) {
						current = open(attempt);
						if (current == null) {
							attempt++;
							continue;
						}
						attempt = 0;
						this.cursor = current;
					}
					if (this.reconnectPending) {
						this.reconnectPending = false;
						current.reconnected();
					}
					List<KvEntry<byte[]>> change;
					try {
						change = current.nextChange(POLL);
					}
					catch (RuntimeException ex) {
						this.cursor = null;
						current.close();
						current = null;
						lost(ex);
						continue;
					}
					if (!change.isEmpty() && KvGroupListenerContainer.this.delivery.deliver(change, this.leaving)) {
						current.acknowledge(change);
					}
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				this.cursor = null;
				if (current != null) {
					current.close();
				}
				this.stopping.countDown();
				this.terminated.countDown();
			}
		}

		private @Nullable KvGroupCursor open(int attempt) throws InterruptedException {
			if (KvGroupListenerContainer.this.connection.getStatus() == Connection.Status.CONNECTED) {
				try {
					KvGroupCursor opened = KvGroupListenerContainer.this.groups.open(
							KvGroupListenerContainer.this.endpoint.bucket(), KvGroupListenerContainer.this.endpoint.filters(),
							KvGroupListenerContainer.this.group, KvGroupListenerContainer.this.endpoint.options(),
							KvGroupListenerContainer.this.groupSettings);
					if (KvGroupListenerContainer.this.state == KvListenerState.RECOVERING) {
						KvGroupListenerContainer.this.recoveries.incrementAndGet();
					}
					KvGroupListenerContainer.this.state = KvListenerState.RUNNING;
					return opened;
				}
				catch (RuntimeException ex) {
					lost(ex);
				}
			}
			else {
				KvGroupListenerContainer.this.state = KvListenerState.RECOVERING;
			}
			long backoff = Math.min(MAX_BACKOFF_MILLIS, 50L << Math.min(attempt, 7));
			this.stopping.await(ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1), TimeUnit.MILLISECONDS);
			return null;
		}

		private void lost(Exception failure) {
			KvGroupListenerContainer.this.state = KvListenerState.RECOVERING;
			KvGroupListenerContainer.this.lastFailure = failure;
			KvGroupListenerContainer.this.errorHandler.handleWatchFailure(KvGroupListenerContainer.this, failure);
		}

		void keepAlive() {
			try {
				while (!this.stopping.await(KEEP_ALIVE_MILLIS, TimeUnit.MILLISECONDS)) {
					KvGroupCursor current = this.cursor;
					if (current != null) {
						current.keepAlive();
					}
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				this.terminated.countDown();
			}
		}

		boolean await(@Nullable Duration timeout) {
			try {
				if (timeout == null) {
					this.terminated.await();
					return true;
				}
				return this.terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}

	}

	// ---- state

	/**
	 * The group this listener is a member of.
	 * @return the group's name
	 */
	public String getGroup() {
		return this.group;
	}

	/**
	 * The name of the group's durable server consumer.
	 * @return the consumer name
	 */
	public String getConsumerName() {
		return KvGroups.consumerName(this.endpoint.bucket(), this.endpoint.filters(), this.group);
	}

	/**
	 * Whether this member is the group's active one now, receiving its changes.
	 * @return whether it is active
	 */
	public boolean isActive() {
		Member current = this.member;
		KvGroupCursor cursor = (current != null) ? current.cursor : null;
		return cursor != null && cursor.isActive();
	}

	@Override
	public boolean isRunning() {
		Member current = this.member;
		return current != null && current.active;
	}

	@Override
	public KvListenerState getState() {
		return this.state;
	}

	@Override
	public boolean isConnected() {
		return this.state == KvListenerState.RUNNING && this.connection.getStatus() == Connection.Status.CONNECTED;
	}

	/**
	 * How far behind the bucket the group is, as the server last told this member: the matching changes not yet
	 * delivered to the group.
	 * @return the entries pending
	 */
	@Override
	public long getPending() {
		Member current = this.member;
		KvGroupCursor cursor = (current != null) ? current.cursor : null;
		return (cursor != null) ? cursor.pending() : 0;
	}

	/**
	 * Whether this member is active and has nothing pending.
	 * @return whether it has caught up
	 */
	@Override
	public boolean isCaughtUp() {
		return isActive() && getPending() == 0;
	}

	@Override
	public long getRecoveries() {
		return this.recoveries.get();
	}

	@Override
	public @Nullable Exception getLastFailure() {
		return this.lastFailure;
	}

}
