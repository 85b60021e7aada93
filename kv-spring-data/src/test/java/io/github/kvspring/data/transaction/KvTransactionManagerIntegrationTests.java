package io.github.kvspring.data.transaction;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvBucketDefinition;
import io.github.kvspring.data.core.KvBucketPolicy;
import io.github.kvspring.data.core.KvEntry;
import io.github.kvspring.data.core.KvTransactionConflictException;
import io.github.kvspring.data.core.KvTransactionManager;
import io.github.kvspring.data.entity.KvEntityTemplate;
import io.github.kvspring.data.mapping.KvMappingContext;
import io.github.kvspring.data.repository.support.KvRepositoryFactory;
import io.github.kvspring.test.UniqueNames;
import io.github.kvspring.test.WithNatsServer;
import io.nats.client.Connection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Spring-managed transactions against a real server: repositories and the template join them, the commit is one
 * atomic batch, a rollback or a conflict writes nothing.
 */
@WithNatsServer
class KvTransactionManagerIntegrationTests {

	private final Connection connection;

	private KeyValueTemplate template;

	private WalletRepository wallets;

	private TransactionTemplate transactions;

	KvTransactionManagerIntegrationTests(Connection connection) {
		this.connection = connection;
	}

	@BeforeEach
	void wallets() {
		new KvBucketAdmin(this.connection).apply(
				KvBucketDefinition.builder("tx-wallets").history(5).atomicWrites(true).build(),
				KvBucketPolicy.CREATE_OR_UPDATE);
		this.template = new KeyValueTemplate(this.connection);
		this.wallets = new KvRepositoryFactory(new KvEntityTemplate(this.template, new KvMappingContext()))
			.getRepository(WalletRepository.class);
		this.wallets.deleteAll();
		this.transactions = new TransactionTemplate(new KvTransactionManager(this.template));
	}

	private long balance(String id) {
		return this.wallets.findById(id).orElseThrow().balance();
	}

	@Test
	void whenRepositorySavesCommitThenBothLandTogetherAndReadsInsideSawThem() {
		Wallet alice = this.wallets.save(new Wallet("alice", 100, 0));
		Wallet bob = this.wallets.save(new Wallet("bob", 0, 0));
		long seen = this.transactions.execute((status) -> {
			this.wallets.save(alice.withBalance(70));
			this.wallets.save(bob.withBalance(30));
			this.wallets.save(new Wallet("carol", 5, 0));
			return this.wallets.findById("alice").orElseThrow().balance();
		});
		assertThat(seen).isEqualTo(70);
		assertThat(balance("alice")).isEqualTo(70);
		assertThat(balance("bob")).isEqualTo(30);
		assertThat(balance("carol")).isEqualTo(5);
		Wallet committed = this.wallets.findById("alice").orElseThrow();
		assertThat(this.wallets.findById("bob").orElseThrow().version()).isEqualTo(committed.version() + 1);
	}

	@Test
	void whenTheWorkThrowsThenNothingIsWritten() {
		Wallet alice = this.wallets.save(new Wallet("alice", 100, 0));
		assertThatIllegalStateException().isThrownBy(() -> this.transactions.executeWithoutResult((status) -> {
			this.wallets.save(alice.withBalance(0));
			this.template.put("tx-wallets", "note", "spent");
			throw new IllegalStateException("declined");
		}));
		assertThat(balance("alice")).isEqualTo(100);
		assertThat(this.template.get("tx-wallets", "note", String.class)).isNull();
	}

	@Test
	void whenAnotherWriterChangesASavedEntityBeforeTheCommitThenNothingIsWritten() {
		Wallet alice = this.wallets.save(new Wallet("alice", 100, 0));
		Wallet bob = this.wallets.save(new Wallet("bob", 0, 0));
		KeyValueTemplate elsewhere = new KeyValueTemplate(this.connection);
		assertThatExceptionOfType(KvTransactionConflictException.class)
			.isThrownBy(() -> this.transactions.executeWithoutResult((status) -> {
				this.wallets.save(alice.withBalance(70));
				this.wallets.save(bob.withBalance(30));
				CompletableFuture.runAsync(() -> elsewhere.put("tx-wallets", "wallet.bob",
						"{\"id\":\"bob\",\"balance\":999}")).join();
			}))
			.satisfies((ex) -> assertThat(ex.getConflictingKeys()).containsExactly("wallet.bob"));
		assertThat(balance("alice")).isEqualTo(100);
		assertThat(balance("bob")).isEqualTo(999);
	}

	@Test
	void whenTheSavedVersionIsStaleThenTheTransactionFailsAndWritesNothing() {
		Wallet alice = this.wallets.save(new Wallet("alice", 100, 0));
		this.wallets.save(alice.withBalance(90));
		assertThatExceptionOfType(OptimisticLockingFailureException.class)
			.isThrownBy(() -> this.transactions.executeWithoutResult((status) -> {
				this.wallets.save(new Wallet("dave", 1, 0));
				this.wallets.save(alice.withBalance(50));
			}));
		assertThat(balance("alice")).isEqualTo(90);
		assertThat(this.wallets.findById("dave")).isEmpty();
	}

	@Test
	void whenATransactionWritesASecondBucketThenItIsRefusedAndNothingIsWritten() {
		String other = UniqueNames.bucket("tx-other");
		new KvBucketAdmin(this.connection).create(KvBucketDefinition.builder(other).atomicWrites(true).build());
		assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
			.isThrownBy(() -> this.transactions.executeWithoutResult((status) -> {
				this.wallets.save(new Wallet("erin", 1, 0));
				this.template.put(other, "k", "v");
			}))
			.withMessage("A transaction writes one bucket: it writes bucket 'tx-wallets', so it cannot write bucket '"
					+ other + "' too; use a transaction per bucket");
		assertThat(this.wallets.findById("erin")).isEmpty();
	}

	@Test
	void whenAServiceMethodIsTransactionalThenItsWritesCommitOrRollBackTogether() {
		this.wallets.save(new Wallet("alice", 100, 0));
		this.wallets.save(new Wallet("bob", 0, 0));
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			context.registerBean(WalletRepository.class, () -> this.wallets);
			context.registerBean(PlatformTransactionManager.class, () -> new KvTransactionManager(this.template));
			context.register(ServiceConfiguration.class);
			context.refresh();
			TransferService service = context.getBean(TransferService.class);
			service.transfer("alice", "bob", 40);
			assertThat(balance("alice")).isEqualTo(60);
			assertThat(balance("bob")).isEqualTo(40);
			assertThatIllegalStateException().isThrownBy(() -> service.transfer("alice", "bob", 100));
			assertThat(balance("alice")).isEqualTo(60);
			assertThat(balance("bob")).isEqualTo(40);
		}
	}

	@Test
	void whenSerializableServiceMethodsEachReadBothDoctorsThenOnlyOneTakesADoctorOffCall() throws Exception {
		String duty = UniqueNames.bucket("tx-duty");
		new KvBucketAdmin(this.connection).create(KvBucketDefinition.builder(duty).atomicWrites(true).build());
		this.template.put(duty, "doctor.alice", "true");
		this.template.put(duty, "doctor.bob", "true");
		CountDownLatch bothRead = new CountDownLatch(2);
		Runnable afterReading = () -> {
			bothRead.countDown();
			try {
				assertThat(bothRead.await(10, TimeUnit.SECONDS)).isTrue();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		};
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			context.registerBean(KeyValueTemplate.class, () -> this.template);
			context.registerBean(PlatformTransactionManager.class, () -> new KvTransactionManager(this.template));
			context.register(OnCallConfiguration.class);
			context.refresh();
			OnCallService service = context.getBean(OnCallService.class);
			ExecutorService executor = Executors.newFixedThreadPool(2);
			try {
				Future<Boolean> alice = executor.submit(() -> service.goOffCall(duty, "alice", "bob", afterReading));
				Future<Boolean> bob = executor.submit(() -> service.goOffCall(duty, "bob", "alice", afterReading));
				List<Object> outcomes = List.of(outcome(alice), outcome(bob));
				assertThat(outcomes).containsOnlyOnce(true);
				assertThat(outcomes).filteredOn(KvTransactionConflictException.class::isInstance).hasSize(1);
			}
			finally {
				executor.shutdownNow();
			}
		}
		assertThat(List.of(this.template.get(duty, "doctor.alice", String.class).value(),
				this.template.get(duty, "doctor.bob", String.class).value()))
			.containsExactlyInAnyOrder("true", "false");
	}

	private static Object outcome(Future<Boolean> future) throws Exception {
		try {
			return future.get(30, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			return ex.getCause();
		}
	}

	@Test
	void whenASerializableManagedTransactionScansAndAKeyIsCreatedUnderTheScanThenItsCommitFails() {
		this.wallets.save(new Wallet("alice", 100, 0));
		TransactionTemplate serializable = new TransactionTemplate(new KvTransactionManager(this.template));
		serializable.setIsolationLevel(TransactionDefinition.ISOLATION_SERIALIZABLE);
		KeyValueTemplate elsewhere = new KeyValueTemplate(this.connection);
		assertThatExceptionOfType(KvTransactionConflictException.class)
			.isThrownBy(() -> serializable.executeWithoutResult((status) -> {
				long count = this.wallets.count();
				CompletableFuture.runAsync(() -> elsewhere.create("tx-wallets", "wallet.bob",
						"{\"id\":\"bob\",\"balance\":5}")).join();
				this.template.put("tx-wallets", "wallets.count", Long.toString(count));
			}))
			.satisfies((ex) -> assertThat(ex.getConflictingRanges()).containsExactly("wallet.*"));
		assertThat(this.template.get("tx-wallets", "wallets.count", String.class)).isNull();
		this.transactions.executeWithoutResult((status) -> {
			long count = this.wallets.count();
			this.template.put("tx-wallets", "wallets.count", Long.toString(count));
		});
		assertThat(this.template.get("tx-wallets", "wallets.count", String.class).value()).isEqualTo("2");
	}

	@Test
	void whenASerializableManagedTransactionReadsOneBucketAndWritesAnotherThenItIsRefusedAndNothingIsWritten() {
		Wallet alice = this.wallets.save(new Wallet("alice", 100, 0));
		String other = UniqueNames.bucket("tx-other");
		new KvBucketAdmin(this.connection).create(KvBucketDefinition.builder(other).atomicWrites(true).build());
		TransactionTemplate serializable = new TransactionTemplate(new KvTransactionManager(this.template));
		serializable.setIsolationLevel(TransactionDefinition.ISOLATION_SERIALIZABLE);
		long before = this.template.bucketInfo("tx-wallets").entries();
		assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
			.isThrownBy(() -> serializable.executeWithoutResult((status) -> {
				KvEntry<String> limit = this.template.get(other, "limit", String.class);
				this.wallets.save(alice.withBalance((limit != null) ? 1 : 2));
			}))
			.withMessage("A serializable transaction reads and writes one bucket, since its commit checks its reads "
					+ "in the bucket it writes only: it read key 'limit' in bucket '" + other + "', so it cannot "
					+ "write bucket 'tx-wallets'; read the other bucket in a transaction of its own, or use another "
					+ "isolation level; nothing was written to bucket 'tx-wallets'");
		assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
			.isThrownBy(() -> serializable.executeWithoutResult((status) -> {
				this.wallets.save(alice.withBalance(3));
				this.template.get(other, "limit", String.class);
			}))
			.withMessageContaining("it writes bucket 'tx-wallets', so it cannot read bucket '" + other + "'");
		assertThat(balance("alice")).isEqualTo(100);
		assertThat(this.template.bucketInfo("tx-wallets").entries()).isEqualTo(before);
		assertThat(this.template.bucketInfo(other).entries()).isZero();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableTransactionManagement
	static class ServiceConfiguration {

		@Bean
		TransferService transferService(WalletRepository wallets) {
			return new TransferService(wallets);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableTransactionManagement
	static class OnCallConfiguration {

		@Bean
		OnCallService onCallService(KeyValueTemplate template) {
			return new OnCallService(template);
		}

	}

	/**
	 * Moves money between wallets, all or nothing.
	 */
	static class TransferService {

		private final WalletRepository wallets;

		TransferService(WalletRepository wallets) {
			this.wallets = wallets;
		}

		@Transactional
		public void transfer(String from, String to, long amount) {
			Wallet source = this.wallets.findById(from).orElseThrow();
			Wallet target = this.wallets.findById(to).orElseThrow();
			this.wallets.save(target.withBalance(target.balance() + amount));
			if (source.balance() < amount) {
				throw new IllegalStateException("Insufficient funds in " + from);
			}
			this.wallets.save(source.withBalance(source.balance() - amount));
		}

	}

	/**
	 * Takes a doctor off call if the other one stays on call.
	 */
	static class OnCallService {

		private final KeyValueTemplate template;

		OnCallService(KeyValueTemplate template) {
			this.template = template;
		}

		@Transactional(isolation = Isolation.SERIALIZABLE)
		public boolean goOffCall(String bucket, String doctor, String other, Runnable afterReading) {
			boolean onCall = Boolean.parseBoolean(this.template.get(bucket, "doctor." + doctor, String.class).value());
			boolean otherOnCall = Boolean
				.parseBoolean(this.template.get(bucket, "doctor." + other, String.class).value());
			afterReading.run();
			if (onCall && otherOnCall) {
				this.template.put(bucket, "doctor." + doctor, "false");
				return true;
			}
			return false;
		}

	}

}
