package io.github.kvspring.data.transaction;

import java.util.concurrent.CompletableFuture;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvBucketDefinition;
import io.github.kvspring.data.core.KvBucketPolicy;
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
import org.springframework.transaction.annotation.EnableTransactionManagement;
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

	@Configuration(proxyBeanMethods = false)
	@EnableTransactionManagement
	static class ServiceConfiguration {

		@Bean
		TransferService transferService(WalletRepository wallets) {
			return new TransferService(wallets);
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

}
