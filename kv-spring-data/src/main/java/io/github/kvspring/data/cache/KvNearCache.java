package io.github.kvspring.data.cache;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import io.github.kvspring.data.core.KeyValueOperations;
import io.github.kvspring.data.core.KvEntry;
import io.github.kvspring.data.core.KvSubscription;
import io.github.kvspring.data.core.KvWatchOptions;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import org.jspecify.annotations.Nullable;

/**
 * The near cache of one {@link KvCache}: a bounded local map of the values this application read or wrote, kept
 * coherent by one watch of the cache's keys.
 * <p>
 * Every change the watch delivers (any application's put, evict, clear, delete or expiry) removes the local entry
 * of its key unless that entry is at least as new. A read or write that will fill the local map first leaves a
 * reservation for its key; changes delivered meanwhile raise the reservation's revision, and the value is kept
 * only if it is at least that new, so a value read just before another application's write never outlives that
 * write here.
 * <p>
 * The local map is used only while the watch can be trusted: from a disconnection, a lost watch or a watch that
 * cannot show within the check interval that it has caught up with the bucket (asked every check interval), until a
 * watch is open again and caught up, reads and writes go to the bucket alone, and the local map is emptied when it
 * is trusted again. A watch that dies without any sign is noticed by the next check, so a stale local hit is
 * bounded by two check intervals.
 */
final class KvNearCache implements AutoCloseable {

	private static final System.Logger logger = System.getLogger(KvNearCache.class.getName());

	private static final KvWatchOptions CHANGES = KvWatchOptions.defaults().withUpdatesOnly().withMetaOnly();

	private final String cacheName;

	private final String bucket;

	private final String filter;

	private final KeyValueOperations operations;

	private final Connection connection;

	private final ScheduledExecutorService scheduler;

	private final Duration checkInterval;

	private final KvCacheStatistics statistics;

	private final Map<String, Object> local;

	private final ConnectionListener connectionEvents = this::onConnectionEvent;

	private final ReentrantLock lock = new ReentrantLock();

	/** Whether the local map may answer: the watch is open and has caught up. */
	private volatile boolean live;

	private volatile boolean closed;

	/** How many times the local map was bypassed: trusting it again needs no bypass since the watch was checked. */
	private final AtomicLong bypasses = new AtomicLong();

	private volatile @Nullable String bypassReason = "not started";

	private @Nullable KvSubscription watch;

	private @Nullable ScheduledFuture<?> checks;

	KvNearCache(String cacheName, String bucket, String filter, KeyValueOperations operations, Connection connection,
			ScheduledExecutorService scheduler, Duration checkInterval, long maximumSize, KvCacheStatistics statistics) {
		this.cacheName = cacheName;
		this.bucket = bucket;
		this.filter = filter;
		this.operations = operations;
		this.connection = connection;
		this.scheduler = scheduler;
		this.checkInterval = checkInterval;
		this.statistics = statistics;
		this.local = KvNearCacheMaps.bounded(maximumSize);
	}

	/**
	 * Opens the watch and starts the checks; a watch that cannot be opened now is opened by a later check.
	 */
	void start() {
		this.connection.addConnectionListener(this.connectionEvents);
		reopen();
		long interval = this.checkInterval.toMillis();
		this.lock.lock();
		try {
			this.checks = this.scheduler.scheduleWithFixedDelay(this::check, interval, interval, TimeUnit.MILLISECONDS);
		}
		finally {
			this.lock.unlock();
		}
	}

	// ---- the local map

	/**
	 * The local value of a key, or {@code null} when there is none, it has expired or the map is bypassed.
	 */
	@Nullable Object lookup(String key) {
		if (!this.live) {
			return null;
		}
		Object current = this.local.get(key);
		if (current instanceof Value value) {
			if (value.expiresAtMillis() != 0 && System.currentTimeMillis() >= value.expiresAtMillis()) {
				this.local.remove(key, value);
				return null;
			}
			return value.storeValue();
		}
		return null;
	}

	/**
	 * Reserves a key before it is read from the bucket, unless it is reserved already.
	 */
	void reserveForRead(String key) {
		if (this.live) {
			this.local.putIfAbsent(key, new Reservation(0));
		}
	}

	/**
	 * Reserves a key before this application writes it, replacing the local value, which the write makes old.
	 */
	void reserveForWrite(String key) {
		if (this.live) {
			this.local.compute(key, (k, current) -> (current instanceof Reservation) ? current : new Reservation(0));
		}
	}

	/**
	 * Keeps a value read or written at a revision, if no newer change of its key was delivered since the key was
	 * reserved.
	 */
	void install(String key, Object storeValue, long revision, long expiresAtMillis) {
		if (!this.live) {
			return;
		}
		this.local.computeIfPresent(key, (k, current) -> {
			boolean newest = (current instanceof Reservation reservation) ? reservation.newestSeen() <= revision
					: (current instanceof Value value && value.revision() < revision);
			return newest ? new Value(storeValue, revision, expiresAtMillis) : current;
		});
	}

	/**
	 * Drops a reservation that no value filled.
	 */
	void release(String key) {
		this.local.computeIfPresent(key, (k, current) -> (current instanceof Reservation) ? null : current);
	}

	/**
	 * Drops a key's local entry, for this application's own evictions.
	 */
	void remove(String key) {
		this.local.remove(key);
	}

	void clear() {
		this.local.clear();
	}

	/**
	 * Whether a key has a value locally (for tests and measurements).
	 */
	boolean holds(String key) {
		return this.local.get(key) instanceof Value;
	}

	long size() {
		return this.local.size();
	}

	/**
	 * Why the local map is bypassed, or {@code null} while it answers.
	 */
	@Nullable String bypassReason() {
		return this.live ? null : this.bypassReason;
	}

	// ---- the watch

	/**
	 * A change of a key, from any application: the local entry goes unless it is at least as new; a reservation
	 * remembers the newest revision it saw.
	 */
	private void onChange(KvEntry<byte[]> change) {
		long revision = change.revision();
		this.local.computeIfPresent(change.key(), (key, current) -> {
			if (current instanceof Reservation reservation) {
				return (reservation.newestSeen() >= revision) ? current : new Reservation(revision);
			}
			if (current instanceof Value value && value.revision() >= revision) {
				return current;
			}
			this.statistics.nearInvalidation();
			return null;
		});
	}

	/**
	 * Every check interval: trusts the local map while the watch shows it has caught up with the bucket, bypasses
	 * it otherwise, and opens a new watch when the old one is lost.
	 */
	private void check() {
		if (this.closed) {
			return;
		}
		long bypassesBefore = this.bypasses.get();
		KvSubscription current = currentWatch();
		if (current == null || !current.isActive()) {
			bypass((current != null) ? "its watch was lost (" + current.lostReason() + ")" : "it has no watch");
			reopen();
			return;
		}
		try {
			if (current.awaitCaughtUp(this.checkInterval)) {
				if (!this.live) {
					trust("its watch caught up", bypassesBefore);
				}
				return;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		String lost = current.lostReason();
		bypass((lost != null) ? "its watch was lost (" + lost + ")"
				: "its watch did not catch up within " + this.checkInterval.toMillis() + " ms");
		if (lost != null) {
			reopen();
		}
	}

	private void onConnectionEvent(Connection connection, ConnectionListener.Events event) {
		if (event == ConnectionListener.Events.DISCONNECTED) {
			bypass("the connection was lost");
		}
		else if (event == ConnectionListener.Events.RECONNECTED || event == ConnectionListener.Events.RESUBSCRIBED) {
			// A watch stays silent for 15-30 s after a server restart: open another at once, off jnats' thread.
			this.scheduler.execute(this::reopen);
		}
	}

	/**
	 * Replaces the watch with a new one of changes from now on, and trusts the (emptied) local map.
	 */
	private void reopen() {
		long bypassesBefore = this.bypasses.get();
		this.lock.lock();
		try {
			if (this.closed) {
				return;
			}
			stopWatch();
			if (this.connection.getStatus() != Connection.Status.CONNECTED) {
				bypass("the connection is " + this.connection.getStatus());
				return;
			}
			this.watch = this.operations.watch(this.bucket, List.of(this.filter), byte[].class, CHANGES,
					this::onChange);
			trust("a new watch is open", bypassesBefore);
		}
		catch (RuntimeException ex) {
			bypass("its watch cannot be opened: " + ex.getMessage());
		}
		finally {
			this.lock.unlock();
		}
	}

	private @Nullable KvSubscription currentWatch() {
		this.lock.lock();
		try {
			return this.watch;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Empties the local map and lets it answer, unless the map was bypassed since the watch was checked (the
	 * bypass, which needs no lock, sets its count before it turns the map off; this turns it on before it reads the
	 * count).
	 */
	private void trust(String why, long bypassesBefore) {
		this.lock.lock();
		try {
			if (this.closed) {
				return;
			}
			this.local.clear();
			boolean wasBypassed = !this.live;
			this.live = true;
			if (this.bypasses.get() != bypassesBefore) {
				this.live = false;
				return;
			}
			if (wasBypassed && !"not started".equals(this.bypassReason)) {
				logger.log(System.Logger.Level.INFO, "Near cache of cache '" + this.cacheName + "' answers again: " + why);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private void bypass(String why) {
		this.bypasses.incrementAndGet();
		boolean wasLive = this.live;
		this.live = false;
		this.local.clear();
		this.bypassReason = why;
		if (wasLive) {
			logger.log(System.Logger.Level.WARNING, "Near cache of cache '" + this.cacheName
					+ "' is bypassed, reads go to bucket '" + this.bucket + "': " + why);
		}
	}

	private void stopWatch() {
		KvSubscription previous = this.watch;
		this.watch = null;
		if (previous != null) {
			try {
				previous.stop();
			}
			catch (RuntimeException ex) {
				// Its connection is gone: the server drops its consumer.
			}
		}
	}

	@Override
	public void close() {
		this.lock.lock();
		try {
			this.closed = true;
			this.live = false;
			this.bypassReason = "closed";
			ScheduledFuture<?> scheduled = this.checks;
			if (scheduled != null) {
				scheduled.cancel(false);
			}
			this.connection.removeConnectionListener(this.connectionEvents);
			stopWatch();
			this.local.clear();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * A local value.
	 *
	 * @param storeValue the value as the cache stores it (Spring's {@code NullValue} for {@code null})
	 * @param revision the revision it was read or written at
	 * @param expiresAtMillis when it expires (epoch milliseconds), 0 for never
	 */
	private record Value(Object storeValue, long revision, long expiresAtMillis) {

	}

	/**
	 * A key being read or written, and the newest revision of it that the watch delivered meanwhile.
	 *
	 * @param newestSeen the newest revision delivered since the reservation, 0 for none
	 */
	private record Reservation(long newestSeen) {

	}

}
