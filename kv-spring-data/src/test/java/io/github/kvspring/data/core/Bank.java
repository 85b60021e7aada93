package io.github.kvspring.data.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random transfers among accounts of 1,000 each, from several threads, each a transaction of the two balances, and
 * a watch that checks every change it receives: a transfer must arrive whole (both balances in one change) and
 * leave the total where it was. The end state is checked against the acknowledged transfers, plus some of those
 * whose outcome is unknown (a stream leader killed while the commit was on its way).
 */
final class Bank {

	private static final long OPENING_BALANCE = 1000;

	private final KeyValueTemplate template;

	private final String bucket;

	private final int accounts;

	private final List<long[]> acknowledged = Collections.synchronizedList(new ArrayList<>());

	private final List<long[]> unknown = Collections.synchronizedList(new ArrayList<>());

	private final Map<String, Long> mirror = new ConcurrentHashMap<>();

	private final List<String> watchFailures = Collections.synchronizedList(new ArrayList<>());

	private final AtomicInteger changesSeen = new AtomicInteger();

	/** One permit per ten transfers of a thread: the scans keep pace with the transfers without crowding them. */
	private final Semaphore scanDue = new Semaphore(0);

	private final AtomicInteger scans = new AtomicInteger();

	private final AtomicInteger scanConflicts = new AtomicInteger();

	private final List<String> scanFailures = Collections.synchronizedList(new ArrayList<>());

	private final KvSubscription watch;

	private final boolean scanning;

	/**
	 * Opens the accounts and starts the watch that checks every change.
	 * @param scanning whether scans of the accounts run beside the transfers, each one that completes checked
	 */
	Bank(KeyValueTemplate template, String bucket, int accounts, boolean scanning) {
		this.scanning = scanning;
		this.template = template;
		this.bucket = bucket;
		this.accounts = accounts;
		for (int i = 0; i < accounts; i++) {
			template.put(bucket, account(i), Long.toString(OPENING_BALANCE));
		}
		this.watch = template.watch(bucket, List.of("account.>"), String.class, KvWatchOptions.defaults(),
				new KvWatchListener<>() {

					@Override
					public void onEntry(KvEntry<String> entry) {
						throw new IllegalStateException("changes come whole");
					}

					@Override
					public void onChange(List<KvEntry<String>> entries) {
						check(entries);
					}

				});
	}

	private void check(List<KvEntry<String>> change) {
		boolean opening = change.size() == 1 && Long.parseLong(change.get(0).requiredValue()) == OPENING_BALANCE
				&& !this.mirror.containsKey(change.get(0).key());
		if (!opening && change.size() != 2) {
			this.watchFailures.add("a change of " + change.size() + " entries at revision " + change.get(0).revision());
		}
		for (KvEntry<String> entry : change) {
			this.mirror.put(entry.key(), Long.parseLong(entry.requiredValue()));
		}
		if (this.mirror.size() == this.accounts) {
			long total = this.mirror.values().stream().mapToLong(Long::longValue).sum();
			if (total != OPENING_BALANCE * this.accounts) {
				this.watchFailures.add("a total of " + total + " after revision " + change.get(change.size() - 1).revision());
			}
		}
		this.changesSeen.incrementAndGet();
	}

	/**
	 * Runs {@code perThread} transfers on each of {@code threads} threads; {@code midway} counts down once per
	 * transfer done, for a test to strike during the run.
	 */
	void transfer(int threads, int perThread, CountDownLatch midway, Strike strike) throws Exception {
		ExecutorService transferrers = Executors.newFixedThreadPool(threads + 1);
		AtomicBoolean transferring = new AtomicBoolean(true);
		try {
			if (this.scanning) {
				transferrers.submit(() -> {
					scanWhile(transferring);
					return null;
				});
			}
			List<Future<?>> running = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				running.add(transferrers.submit(() -> {
					for (int n = 0; n < perThread; n++) {
						transferOnce();
						midway.countDown();
						if (n % 10 == 0) {
							this.scanDue.release();
						}
					}
					return null;
				}));
			}
			assertThat(midway.await(120, TimeUnit.SECONDS)).isTrue();
			strike.run();
			for (Future<?> transfers : running) {
				transfers.get(300, TimeUnit.SECONDS);
			}
		}
		finally {
			transferring.set(false);
			transferrers.shutdownNow();
		}
		assertThat(this.acknowledged.size() + this.unknown.size()).isEqualTo(threads * perThread);
	}

	/**
	 * Scans the accounts again and again while the transfers run: each scan that completes must add up to the
	 * total; one that cannot show the bucket as of its start fails instead (counted).
	 */
	private void scanWhile(AtomicBoolean transferring) throws InterruptedException {
		while (transferring.get()) {
			if (!this.scanDue.tryAcquire(100, TimeUnit.MILLISECONDS)) {
				continue;
			}
			try (Stream<KvEntry<String>> entries = this.template.streamEntries(this.bucket, String.class, "account.>")) {
				long total = entries.mapToLong((entry) -> Long.parseLong(entry.requiredValue())).sum();
				this.scans.incrementAndGet();
				if (total != OPENING_BALANCE * this.accounts) {
					this.scanFailures.add("a scan added up to " + total);
				}
			}
			catch (KvScanConflictException ex) {
				this.scanConflicts.incrementAndGet();
			}
			catch (RuntimeException ex) {
				// A scan during a leader election may get no answer; the next one goes on.
			}
		}
	}

	private void transferOnce() {
		int from = ThreadLocalRandom.current().nextInt(this.accounts);
		int to = (from + 1 + ThreadLocalRandom.current().nextInt(this.accounts - 1)) % this.accounts;
		long amount = 1 + ThreadLocalRandom.current().nextInt(50);
		long[] transfer = { from, to, amount };
		try {
			this.template.executeInTransaction(this.bucket, 200, (transaction) -> {
				long source = Long.parseLong(transaction.get(account(from), String.class).requiredValue());
				long target = Long.parseLong(transaction.get(account(to), String.class).requiredValue());
				transaction.put(account(from), Long.toString(source - amount));
				transaction.put(account(to), Long.toString(target + amount));
				return null;
			});
			this.acknowledged.add(transfer);
		}
		catch (KvTransactionOutcomeUnknownException ex) {
			this.unknown.add(transfer);
		}
	}

	/**
	 * Asserts the end state: the balances are the acknowledged transfers plus some of those whose outcome is
	 * unknown, no more than {@code maxUnknown} of them; and the watch saw every transfer whole, the total never
	 * moving.
	 */
	void assertConsistent(int maxUnknown) {
		assertThat(this.unknown).as("transfers whose outcome is unknown").hasSizeLessThanOrEqualTo(maxUnknown);
		long[] balances = new long[this.accounts];
		Map<String, KvEntry<String>> all = this.template.getAll(this.bucket,
				IntStream.range(0, this.accounts).mapToObj(Bank::account).toList(), String.class);
		for (int i = 0; i < this.accounts; i++) {
			balances[i] = Long.parseLong(all.get(account(i)).requiredValue());
		}
		assertThat(LongStream.of(balances).sum()).as("no transfer applied in part").isEqualTo(OPENING_BALANCE * this.accounts);
		long[] expected = new long[this.accounts];
		Arrays.fill(expected, OPENING_BALANCE);
		this.acknowledged.forEach((transfer) -> move(expected, transfer));
		assertThat(someSubsetExplains(balances, expected, List.copyOf(this.unknown)))
			.as("the balances are the acknowledged transfers plus some of those whose outcome is unknown")
			.isTrue();
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
			for (int i = 0; i < this.accounts; i++) {
				assertThat(this.mirror.get(account(i))).as("watched balance of " + account(i)).isEqualTo(balances[i]);
			}
		});
		assertThat(this.watchFailures).as("what the watch saw").isEmpty();
		assertThat(this.scanFailures).as("what the scans added up to").isEmpty();
		// Under eight writers that never pause most scans meet a conflict (on an R3 bucket 151 of 161 did once):
		// what counts is that every scan that completed added up.
		System.out.println("[bank] scans completed: " + this.scans + ", met a conflict: " + this.scanConflicts);
		if (this.scanning) {
			assertThat(this.scans.get()).as("scans that completed (" + this.scanConflicts + " met a conflict)")
				.isPositive();
		}
		this.watch.stop();
	}

	/**
	 * What a test does to the server midway.
	 */
	@FunctionalInterface
	interface Strike {

		void run() throws Exception;

	}

	int acknowledged() {
		return this.acknowledged.size();
	}

	private static String account(int i) {
		return "account." + i;
	}

	private static void move(long[] balances, long[] transfer) {
		balances[(int) transfer[0]] -= transfer[2];
		balances[(int) transfer[1]] += transfer[2];
	}

	private static boolean someSubsetExplains(long[] balances, long[] expected, List<long[]> unknown) {
		for (int subset = 0; subset < (1 << unknown.size()); subset++) {
			long[] candidate = expected.clone();
			for (int i = 0; i < unknown.size(); i++) {
				if ((subset & (1 << i)) != 0) {
					move(candidate, unknown.get(i));
				}
			}
			if (Arrays.equals(candidate, balances)) {
				return true;
			}
		}
		return false;
	}

}
