package io.github.kvspring.data.core;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.kvspring.test.Concurrently;
import io.github.kvspring.test.UniqueNames;
import io.github.kvspring.test.WithNatsServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Serializable transactions against a real server: the keys and key ranges a transaction only read are checked
 * by its commit, so write skew and phantoms that the default isolation lets through fail with a conflict, and
 * nothing of the failed transaction is written.
 */
@WithNatsServer
class KvSerializableTransactionIntegrationTests {

	private final Connection connection;

	private final KeyValueTemplate template;

	private final String bucket = UniqueNames.bucket("serial");

	KvSerializableTransactionIntegrationTests(Connection connection) {
		this.connection = connection;
		this.template = new KeyValueTemplate(connection);
		new KvBucketAdmin(connection)
			.create(KvBucketDefinition.builder(this.bucket).history(5).atomicWrites(true).build());
	}

	private String value(String key) {
		KvEntry<String> entry = this.template.get(this.bucket, key, String.class);
		return (entry != null) ? entry.value() : null;
	}

	private long entries() {
		return this.template.bucketInfo(this.bucket).entries();
	}

	/**
	 * Runs a doctor's "go off call if the other one is on call" in its own thread; both read both doctors before
	 * either commits.
	 */
	private Future<Boolean> goOffCall(ExecutorService executor, KvIsolation isolation, String doctor, String other,
			CountDownLatch bothRead, AtomicInteger attempts) {
		return executor.submit(() -> this.template.executeInTransaction(this.bucket, isolation, 2, (transaction) -> {
			attempts.incrementAndGet();
			boolean onCall = Boolean.parseBoolean(transaction.get("doctors." + doctor, String.class).value());
			boolean otherOnCall = Boolean.parseBoolean(transaction.get("doctors." + other, String.class).value());
			bothRead.countDown();
			try {
				assertThat(bothRead.await(10, TimeUnit.SECONDS)).isTrue();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			if (onCall && otherOnCall) {
				transaction.put("doctors." + doctor, "false");
				return true;
			}
			return false;
		}));
	}

	private List<Boolean> bothTryToGoOffCall(KvIsolation isolation, AtomicInteger aliceAttempts,
			AtomicInteger bobAttempts) throws Exception {
		this.template.put(this.bucket, "doctors.alice", "true");
		this.template.put(this.bucket, "doctors.bob", "true");
		CountDownLatch bothRead = new CountDownLatch(2);
		ExecutorService executor = Executors.newFixedThreadPool(2);
		try {
			Future<Boolean> alice = goOffCall(executor, isolation, "alice", "bob", bothRead, aliceAttempts);
			Future<Boolean> bob = goOffCall(executor, isolation, "bob", "alice", bothRead, bobAttempts);
			return List.of(alice.get(30, TimeUnit.SECONDS), bob.get(30, TimeUnit.SECONDS));
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void whenTwoTransactionsEachReadBothDoctorsAndTakeOneOffCallThenTheDefaultIsolationLetsBothGo()
			throws Exception {
		AtomicInteger attempts = new AtomicInteger();
		assertThat(bothTryToGoOffCall(KvIsolation.WRITES_CHECKED, attempts, attempts)).containsExactly(true, true);
		assertThat(attempts).hasValue(2);
		assertThat(value("doctors.alice")).as("write skew: nobody is on call").isEqualTo("false");
		assertThat(value("doctors.bob")).isEqualTo("false");
	}

	@Test
	void whenTwoSerializableTransactionsEachReadBothDoctorsAndTakeOneOffCallThenOnlyOneGoesAndTheOtherRetriesAndStays()
			throws Exception {
		AtomicInteger aliceAttempts = new AtomicInteger();
		AtomicInteger bobAttempts = new AtomicInteger();
		List<Boolean> wentOffCall = bothTryToGoOffCall(KvIsolation.SERIALIZABLE, aliceAttempts, bobAttempts);
		assertThat(wentOffCall).containsExactlyInAnyOrder(true, false);
		assertThat(aliceAttempts.get() + bobAttempts.get()).as("the loser ran again after its conflict").isEqualTo(3);
		assertThat(List.of(value("doctors.alice"), value("doctors.bob"))).containsExactlyInAnyOrder("true", "false");
	}

	@Test
	void whenSerializableAndTheOtherDoctorGoesOffCallBeforeTheCommitThenTheConflictNamesHimAndNothingIsWritten() {
		this.template.put(this.bucket, "doctors.alice", "true");
		this.template.put(this.bucket, "doctors.bob", "true");
		long before = entries();
		assertThatExceptionOfType(KvTransactionConflictException.class)
			.isThrownBy(() -> this.template.executeInTransaction(this.bucket, KvIsolation.SERIALIZABLE, 1,
					(transaction) -> {
						transaction.get("doctors.alice", String.class);
						transaction.get("doctors.bob", String.class);
						this.template.put(this.bucket, "doctors.bob", "false");
						transaction.put("doctors.alice", "false");
						return null;
					}))
			.satisfies((ex) -> assertThat(ex.getConflictingKeys()).containsExactly("doctors.bob"))
			.withMessage("Transaction on bucket '" + this.bucket + "' was not committed: key 'doctors.bob' changed "
					+ "since the transaction read it; nothing was written");
		assertThat(value("doctors.alice")).isEqualTo("true");
		assertThat(entries()).as("only the other writer's entry").isEqualTo(before + 1);
	}

	@Test
	void whenAKeyOnlyReadIsWrittenJustBeforeTheBatchArrivesThenTheServerRefusesIt() throws Exception {
		this.template.put(this.bucket, "doctors.alice", "true");
		this.template.put(this.bucket, "doctors.bob", "true");
		// The other writer's put goes out on the same connection just before the batch: after the commit has read
		// the cover's newest revision and read the keys again, so only the server's check can catch it.
		String bob = KvSubjects.subject(this.bucket, "doctors.bob");
		List<CompletableFuture<Message>> puts = new ArrayList<>();
		Connection connection = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { Connection.class }, (proxy, method, arguments) -> {
					if (method.getName().equals("requestWithTimeout") && arguments.length == 4
							&& arguments[1] instanceof Headers headers && headers.containsKey("Nats-Batch-Commit")) {
						puts.add(this.connection.request(bob, null, "false".getBytes(StandardCharsets.UTF_8)));
					}
					try {
						return method.invoke(this.connection, arguments);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
		assertThatExceptionOfType(KvTransactionConflictException.class)
			.isThrownBy(() -> new KeyValueTemplate(connection).executeInTransaction(this.bucket,
					KvIsolation.SERIALIZABLE, 1, (transaction) -> {
						if (Boolean.parseBoolean(transaction.get("doctors.bob", String.class).value())) {
							transaction.put("doctors.alice", "false");
						}
						return null;
					}))
			.satisfies((ex) -> {
				assertThat(ex.getConflictingKeys()).containsExactly("doctors.bob");
				assertThat(ex.getCause()).isInstanceOfSatisfying(JetStreamApiException.class,
						(refusal) -> assertThat(refusal.getApiErrorCode()).isEqualTo(10071));
			});
		assertThat(puts).hasSize(1);
		puts.get(0).get(10, TimeUnit.SECONDS);
		assertThat(value("doctors.alice")).isEqualTo("true");
		assertThat(value("doctors.bob")).isEqualTo("false");
	}

	@Test
	void whenSerializableAndAKeyIsCreatedUnderARangeReadBeforeTheCommitThenThePhantomFailsIt() {
		this.template.put(this.bucket, "orders.open.1", "10");
		this.template.put(this.bucket, "orders.open.2", "20");
		assertThatExceptionOfType(KvTransactionConflictException.class)
			.isThrownBy(() -> this.template.executeInTransaction(this.bucket, KvIsolation.SERIALIZABLE, 1,
					(transaction) -> {
						int open = transaction.keys("orders.open.>").size();
						this.template.create(this.bucket, "orders.open.3", "30");
						transaction.put("orders.count", Integer.toString(open));
						return null;
					}))
			.satisfies((ex) -> {
				assertThat(ex.getConflictingKeys()).isEmpty();
				assertThat(ex.getConflictingRanges()).containsExactly("orders.open.>");
			})
			.withMessageContaining("key range 'orders.open.>' changed since the transaction read it");
		assertThat(value("orders.count")).isNull();
		this.template.executeInTransaction(this.bucket, KvIsolation.WRITES_CHECKED, 1, (transaction) -> {
			int open = transaction.keys("orders.open.>").size();
			this.template.create(this.bucket, "orders.open.4", "40");
			transaction.put("orders.count", Integer.toString(open));
			return null;
		});
		assertThat(value("orders.count")).as("the default isolation missed the phantom").isEqualTo("3");
		assertThat(this.template.keys(this.bucket, "orders.open.>")).hasSize(4);
	}

	@Test
	void whenSerializableAndAKeyOnlyReadChangesBeforeTheCommitThenNothingIsWrittenWhileTheDefaultCommits() {
		this.template.put(this.bucket, "limit", "100");
		long before = entries();
		// "limit" and "spent.today" share no leading token: the commit checks the bucket's last revision.
		assertThatExceptionOfType(KvTransactionConflictException.class)
			.isThrownBy(() -> this.template.executeInTransaction(this.bucket, KvIsolation.SERIALIZABLE, 1,
					(transaction) -> {
						long limit = Long.parseLong(transaction.get("limit", String.class).value());
						this.template.put(this.bucket, "limit", "50");
						transaction.put("spent.today", Long.toString(limit - 20));
						return null;
					}))
			.satisfies((ex) -> assertThat(ex.getConflictingKeys()).containsExactly("limit"));
		assertThat(value("spent.today")).isNull();
		assertThat(entries()).isEqualTo(before + 1);
		this.template.executeInTransaction(this.bucket, KvIsolation.WRITES_CHECKED, 1, (transaction) -> {
			long limit = Long.parseLong(transaction.get("limit", String.class).value());
			this.template.put(this.bucket, "limit", "40");
			transaction.put("spent.today", Long.toString(limit - 20));
			return null;
		});
		assertThat(value("spent.today")).isEqualTo("30");
	}

	@Test
	void whenSerializableAndAnotherKeyNearTheReadsIsWrittenBeforeTheCommitThenItCommits() {
		this.template.put(this.bucket, "doctors.alice", "true");
		this.template.put(this.bucket, "doctors.bob", "true");
		boolean wentOffCall = this.template.executeInTransaction(this.bucket, KvIsolation.SERIALIZABLE, 1,
				(transaction) -> {
					boolean bobOnCall = Boolean.parseBoolean(transaction.get("doctors.bob", String.class).value());
					// Under the cover "doctors.*" but not read, and written before the commit reads the cover.
					this.template.put(this.bucket, "doctors.carol", "true");
					if (bobOnCall) {
						transaction.put("doctors.alice", "false");
					}
					return bobOnCall;
				});
		assertThat(wentOffCall).isTrue();
		assertThat(value("doctors.alice")).isEqualTo("false");
	}

	@Test
	void whenASerializableTransactionWritesNothingThenItsReadsAreCheckedWhenItReturns() {
		this.template.put(this.bucket, "a", "1");
		this.template.put(this.bucket, "b", "1");
		String read = this.template.executeInTransaction(this.bucket, KvIsolation.SERIALIZABLE, 1,
				(transaction) -> transaction.get("a", String.class).value()
						+ transaction.get("b", String.class).value());
		assertThat(read).isEqualTo("11");
		assertThatExceptionOfType(KvTransactionConflictException.class)
			.isThrownBy(() -> this.template.executeInTransaction(this.bucket, KvIsolation.SERIALIZABLE, 1,
					(transaction) -> {
						String a = transaction.get("a", String.class).value();
						this.template.put(this.bucket, "a", "2");
						this.template.put(this.bucket, "b", "2");
						return a + transaction.get("b", String.class).value();
					}))
			.satisfies((ex) -> assertThat(ex.getConflictingKeys()).containsExactly("a"));
	}

	@Test
	void whenARangeIsReadThenItShowsTheTransactionsOwnWrites() {
		this.template.put(this.bucket, "cart.1", "apple");
		this.template.put(this.bucket, "cart.2", "pear");
		this.template.put(this.bucket, "cart.3", "plum");
		for (KvIsolation isolation : KvIsolation.values()) {
			List<List<String>> seen = this.template.executeInTransaction(this.bucket, isolation, 1, (transaction) -> {
				transaction.delete("cart.1");
				transaction.put("cart.2", "melon");
				transaction.put("cart.9", "fig");
				this.template.delete(this.bucket, "cart.3");
				List<String> keys = transaction.keys("cart.*");
				List<String> entries = transaction.entries("cart.>", String.class).stream()
					.map((entry) -> entry.key() + "=" + entry.value())
					.toList();
				transaction.delete("cart.9");
				return List.of(keys, entries);
			});
			assertThat(seen.get(0)).as(isolation.name()).containsExactlyInAnyOrder("cart.2", "cart.9");
			assertThat(seen.get(1)).as(isolation.name()).containsExactlyInAnyOrder("cart.2=melon", "cart.9=fig");
			this.template.put(this.bucket, "cart.1", "apple");
			this.template.put(this.bucket, "cart.2", "pear");
			this.template.put(this.bucket, "cart.3", "plum");
		}
	}

	@Test
	void whenARangeWasReadThenAKeyReadAgainReadsTheEntryTheRangeSaw() {
		this.template.put(this.bucket, "basket.1", "kiwi");
		String readAgain = this.template.executeInTransaction(this.bucket, KvIsolation.WRITES_CHECKED, 1,
				(transaction) -> {
					assertThat(transaction.entries("basket.*", String.class)).extracting(KvEntry::value)
						.containsExactly("kiwi");
					this.template.put(this.bucket, "basket.1", "lime");
					return transaction.get("basket.1", String.class).value();
				});
		assertThat(readAgain).isEqualTo("kiwi");
	}

	@Test
	void whenFourThreadsRunSerializableWithdrawalsFromTwoFundsThenTheirSumNeverGoesNegative() throws Exception {
		this.template.put(this.bucket, "funds.a", "0");
		this.template.put(this.bucket, "funds.b", "0");
		List<long[]> committed = Collections.synchronizedList(new ArrayList<>());
		Concurrently.run(4, 100, () -> {
			String fund = ThreadLocalRandom.current().nextBoolean() ? "funds.a" : "funds.b";
			boolean deposit = ThreadLocalRandom.current().nextInt(10) < 3;
			long[] outcome = this.template.executeInTransaction(this.bucket, KvIsolation.SERIALIZABLE, 1000,
					(transaction) -> {
						long a = Long.parseLong(transaction.get("funds.a", String.class).value());
						long b = Long.parseLong(transaction.get("funds.b", String.class).value());
						long own = fund.equals("funds.a") ? a : b;
						// A withdrawal may take all of the sum from one fund: concurrent ones on the two funds
						// would take it twice (write skew).
						long change = deposit ? 1 + ThreadLocalRandom.current().nextLong(5)
								: (a + b > 0) ? -(1 + ThreadLocalRandom.current().nextLong(a + b)) : 0;
						if (change != 0) {
							transaction.put(fund, Long.toString(own + change));
						}
						return new long[] { a + b, change };
					});
			committed.add(outcome);
		});
		long expected = 0;
		for (long[] outcome : committed) {
			assertThat(outcome[0]).as("the sum a committed transaction saw").isNotNegative();
			expected += outcome[1];
		}
		Map<String, KvEntry<String>> funds = this.template.getAll(this.bucket, List.of("funds.a", "funds.b"),
				String.class);
		long sum = Long.parseLong(funds.get("funds.a").value()) + Long.parseLong(funds.get("funds.b").value());
		assertThat(sum).isNotNegative().isEqualTo(expected);
		assertThat(committed).hasSize(400);
	}

}
