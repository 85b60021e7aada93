package io.github.kvspring.data.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.github.kvspring.data.core.KvEntry;
import io.github.kvspring.data.core.KvWatchCursor;
import org.jspecify.annotations.Nullable;

import org.springframework.core.task.TaskExecutor;

/**
 * One start-to-stop of a {@link KvListenerContainer}: the fetch loop that owns the watch (one cursor open at a
 * time, opened again after a reconnect or a loss) and reads it change by change (an entry, or a transaction's
 * entries together), and, with a concurrency above 1, one worker per partition draining a bounded queue of
 * changes. With a concurrency of 1 the fetch loop calls the method itself.
 */
final class KvListenerRun {

	private static final Duration POLL = Duration.ofMillis(100);

	private final KvListenerContainer container;

	/** Per partition, the last revision handed over (or handled before this run): lower ones are skipped. */
	private final long[] dispatched;

	private final ArrayBlockingQueue<List<KvEntry<byte[]>>> @Nullable [] queues;

	private final CountDownLatch terminated;

	private final ReentrantLock pauseLock = new ReentrantLock();

	private final Condition wake = this.pauseLock.newCondition();

	private final ReentrantLock idleLock = new ReentrantLock();

	/** Signalled by workers, while the fetch loop waits for partitions to finish before a transaction. */
	private final Condition idleWake = this.idleLock.newCondition();

	private volatile boolean awaitingIdle;

	/** The lowest revision received but dropped by a stop before it was handed over. */
	private final AtomicLong undelivered = new AtomicLong(Long.MAX_VALUE);

	private volatile boolean active = true;

	private volatile boolean reconnectPending;

	private volatile boolean caughtUp;

	private volatile @Nullable KvWatchCursor cursor;

	private long lastReceived;

	@SuppressWarnings("unchecked")
	KvListenerRun(KvListenerContainer container, int concurrency, long[] handled) {
		this.container = container;
		this.dispatched = handled;
		if (concurrency > 1) {
			this.queues = new ArrayBlockingQueue[concurrency];
			for (int i = 0; i < concurrency; i++) {
				this.queues[i] = new ArrayBlockingQueue<>(KvListenerContainer.PARTITION_CAPACITY);
			}
		}
		else {
			this.queues = null;
		}
		this.terminated = new CountDownLatch(1 + ((this.queues != null) ? this.queues.length : 0));
	}

	/**
	 * Starts the workers and the fetch loop on the executor.
	 */
	void launch(TaskExecutor executor) {
		long launched = 0;
		try {
			if (this.queues != null) {
				for (int i = 0; i < this.queues.length; i++) {
					int partition = i;
					executor.execute(() -> work(partition));
					launched++;
				}
			}
			executor.execute(this::fetch);
		}
		catch (RuntimeException ex) {
			deactivate();
			for (long i = launched; i < this.terminated.getCount(); i++) {
				this.terminated.countDown();
			}
			throw ex;
		}
	}

	private void fetch() {
		KvWatchCursor current = null;
		long openedAtReconnects = -1;
		int attempt = 0;
		try {
			while (this.active) {
				if (current != null && this.reconnectPending) {
					this.reconnectPending = false;
					if (this.container.reconnectCount() != openedAtReconnects) {
						// The connection came back: a pull in flight may be gone, the consumer too.
						current = close(current);
						this.container.resuming();
					}
				}
				if (current == null) {
					long reconnects = this.container.reconnectCount();
					this.reconnectPending = false;
					current = this.container.open(this, attempt);
					if (current == null) {
						attempt++;
						continue;
					}
					attempt = 0;
					openedAtReconnects = reconnects;
					this.cursor = current;
				}
				List<KvEntry<byte[]>> change;
				try {
					change = current.nextChange(POLL);
				}
				catch (RuntimeException ex) {
					current = close(current);
					this.container.lost(ex);
					continue;
				}
				if (!change.isEmpty()) {
					accept(change);
				}
				if (!this.caughtUp && current.isCaughtUp()) {
					this.caughtUp = true;
					this.container.caughtUp(this.lastReceived);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			if (current != null) {
				close(current);
			}
			this.terminated.countDown();
		}
	}

	private @Nullable KvWatchCursor close(KvWatchCursor current) {
		this.cursor = null;
		current.close();
		return null;
	}

	/**
	 * Hands a change over whole: to the one partition all its keys belong to, or (a transaction across
	 * partitions) to the method on this thread once those partitions are idle, so that each key's entries stay in
	 * order. Entries a partition has handled before (a restart after a stop) are left out.
	 */
	private void accept(List<KvEntry<byte[]>> received) throws InterruptedException {
		long last = received.get(received.size() - 1).revision();
		this.lastReceived = Math.max(this.lastReceived, last);
		List<KvEntry<byte[]>> change = new ArrayList<>(received.size());
		Set<Integer> partitions = new HashSet<>();
		for (KvEntry<byte[]> entry : received) {
			int partition = this.container.partition(entry.key());
			if (entry.revision() > this.dispatched[partition]) {
				change.add(entry);
				partitions.add(partition);
			}
		}
		if (!change.isEmpty()) {
			if (!this.active || !handOver(partitions, change)) {
				this.undelivered.accumulateAndGet(change.get(0).revision(), Math::min);
				return;
			}
			for (KvEntry<byte[]> entry : change) {
				this.dispatched[this.container.partition(entry.key())] = entry.revision();
			}
		}
		this.container.received(last);
	}

	private boolean handOver(Set<Integer> partitions, List<KvEntry<byte[]>> change) throws InterruptedException {
		if (this.queues == null) {
			this.container.invoke(change);
			return true;
		}
		if (partitions.size() > 1) {
			if (!awaitIdle(partitions)) {
				return false;
			}
			this.container.invoke(change);
			return true;
		}
		ArrayBlockingQueue<List<KvEntry<byte[]>>> queue = this.queues[partitions.iterator().next()];
		while (!queue.offer(change, POLL.toMillis(), TimeUnit.MILLISECONDS)) {
			if (!this.active) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Waits until the partitions' methods have finished everything handed to them.
	 * @return whether they did before a stop
	 */
	private boolean awaitIdle(Set<Integer> partitions) throws InterruptedException {
		this.idleLock.lock();
		try {
			this.awaitingIdle = true;
			while (!idle(partitions)) {
				if (!this.active) {
					return false;
				}
				this.idleWake.await(POLL.toMillis(), TimeUnit.MILLISECONDS);
			}
			return true;
		}
		finally {
			this.awaitingIdle = false;
			this.idleLock.unlock();
		}
	}

	private boolean idle(Set<Integer> partitions) {
		for (int partition : partitions) {
			if (this.container.handled(partition) < this.dispatched[partition]) {
				return false;
			}
		}
		return true;
	}

	private void work(int partition) {
		ArrayBlockingQueue<List<KvEntry<byte[]>>> queue = (this.queues != null) ? this.queues[partition] : null;
		try {
			while (queue != null && this.active) {
				List<KvEntry<byte[]>> change = queue.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
				if (change == null) {
					continue;
				}
				if (!this.active) {
					this.undelivered.accumulateAndGet(change.get(0).revision(), Math::min);
					break;
				}
				this.container.invoke(change);
				if (this.awaitingIdle) {
					this.idleLock.lock();
					try {
						this.idleWake.signalAll();
					}
					finally {
						this.idleLock.unlock();
					}
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

	/**
	 * Waits before the next attempt to open the watch; a reconnect or a stop ends the wait early.
	 */
	void pause(long millis) throws InterruptedException {
		this.pauseLock.lock();
		try {
			if (this.active && !this.reconnectPending) {
				this.wake.await(millis, TimeUnit.MILLISECONDS);
			}
		}
		finally {
			this.pauseLock.unlock();
		}
	}

	/**
	 * The connection reconnected: the fetch loop opens the watch again, once per reconnect however many events
	 * announce it.
	 */
	void reconnected() {
		this.reconnectPending = true;
		signal();
	}

	/**
	 * Stops handing entries over; running methods finish.
	 */
	void deactivate() {
		this.active = false;
		signal();
	}

	private void signal() {
		this.pauseLock.lock();
		try {
			this.wake.signalAll();
		}
		finally {
			this.pauseLock.unlock();
		}
	}

	boolean isActive() {
		return this.active;
	}

	boolean isCaughtUp() {
		return this.caughtUp;
	}

	/**
	 * Waits until the fetch loop and every worker have ended.
	 * @param timeout how long at most, or {@code null} for as long as it takes
	 * @return whether they ended
	 */
	boolean awaitTermination(@Nullable Duration timeout) {
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

	/**
	 * After termination, the lowest revision received but not handled: dropped from a queue or never handed over.
	 * @return the revision, or {@link Long#MAX_VALUE} if every received entry was handled
	 */
	long lowestUnfinished() {
		long lowest = this.undelivered.get();
		if (this.queues != null) {
			for (ArrayBlockingQueue<List<KvEntry<byte[]>>> queue : this.queues) {
				List<KvEntry<byte[]>> head = queue.peek();
				if (head != null) {
					lowest = Math.min(lowest, head.get(0).revision());
				}
			}
		}
		return lowest;
	}

	/**
	 * Entries the server still had to send plus those waiting in partitions.
	 */
	long pending() {
		KvWatchCursor current = this.cursor;
		long pending = (current != null) ? current.pending() : 0;
		if (this.queues != null) {
			for (ArrayBlockingQueue<List<KvEntry<byte[]>>> queue : this.queues) {
				for (List<KvEntry<byte[]>> change : queue) {
					pending += change.size();
				}
			}
		}
		return pending;
	}

}
