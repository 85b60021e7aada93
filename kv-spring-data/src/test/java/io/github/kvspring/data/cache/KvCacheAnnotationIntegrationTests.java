package io.github.kvspring.data.cache;

import java.util.concurrent.CompletableFuture;

import java.util.concurrent.atomic.AtomicInteger;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvBucketDefinition;
import io.github.kvspring.data.core.KvBucketPolicy;
import io.github.kvspring.data.core.KvTransactionManager;
import io.github.kvspring.test.UniqueNames;
import io.github.kvspring.test.WithNatsServer;
import io.nats.client.Connection;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.cache.Cache;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring's caching annotations on a {@link KvCacheManager} in an application context, and transaction-aware puts
 * and evictions with the KV transaction manager.
 */
@WithNatsServer
class KvCacheAnnotationIntegrationTests {

	private final AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();

	private final Catalog catalog;

	private final Cache books;

	KvCacheAnnotationIntegrationTests(Connection connection) {
		// Not a bean itself: the context would close it, and the class's other tests use it.
		this.context.registerBean(CachingConfiguration.class, () -> new CachingConfiguration(connection));
		this.context.refresh();
		this.catalog = this.context.getBean(Catalog.class);
		this.books = this.context.getBean(KvCacheManager.class).getCache("books");
	}

	@AfterEach
	void closeContext() {
		this.context.close();
	}

	@Test
	void whenCacheableMethodIsCalledTwiceThenItRunsOnce() {
		assertThat(this.catalog.find("dune")).isEqualTo(new Book("dune", "Dune 1"));
		assertThat(this.catalog.find("dune")).isEqualTo(new Book("dune", "Dune 1"));
		assertThat(this.catalog.calls()).isEqualTo(1);
		assertThat(this.books.get("dune", Book.class)).isEqualTo(new Book("dune", "Dune 1"));
	}

	@Test
	void whenSynchronizedCacheableMethodIsCalledTwiceThenItRunsOnce() {
		assertThat(this.catalog.findSynchronized("emma")).isEqualTo(new Book("emma", "Emma 1"));
		assertThat(this.catalog.findSynchronized("emma")).isEqualTo(new Book("emma", "Emma 1"));
		assertThat(this.catalog.calls()).isEqualTo(1);
	}

	@Test
	void whenMethodReturnsNullThenNullIsCached() {
		assertThat(this.catalog.find("missing")).isNull();
		assertThat(this.catalog.find("missing")).isNull();
		assertThat(this.catalog.calls()).isEqualTo(1);
	}

	@Test
	void whenAsynchronousCacheableMethodIsCalledTwiceThenItRunsOnce() {
		assertThat(this.catalog.findLater("ulysses").join()).isEqualTo(new Book("ulysses", "Ulysses 1"));
		assertThat(this.catalog.findLater("ulysses").join()).isEqualTo(new Book("ulysses", "Ulysses 1"));
		assertThat(this.catalog.calls()).isEqualTo(1);
	}

	@Test
	void whenReactiveCacheableMethodsAreCalledTwiceThenEachRunsOnce() {
		assertThat(this.catalog.findReactively("emma").block()).isEqualTo(new Book("emma", "Emma 1"));
		assertThat(this.catalog.findReactively("emma").block()).isEqualTo(new Book("emma", "Emma 1"));
		assertThat(this.catalog.findAllReactively("shelf").collectList().block())
			.containsExactly(new Book("shelf", "Shelf 2"), new Book("shelf-2", "Shelf-2 2"));
		assertThat(this.catalog.findAllReactively("shelf").collectList().block())
			.containsExactly(new Book("shelf", "Shelf 2"), new Book("shelf-2", "Shelf-2 2"));
		assertThat(this.catalog.calls()).isEqualTo(2);
	}

	@Test
	void whenCachePutThenTheNextCacheableCallReturnsThePutValue() {
		this.catalog.find("dune");
		this.catalog.save(new Book("dune", "Dune, revised"));
		assertThat(this.catalog.find("dune")).isEqualTo(new Book("dune", "Dune, revised"));
		assertThat(this.catalog.calls()).isEqualTo(1);
	}

	@Test
	void whenCacheEvictThenTheMethodRunsAgain() {
		this.catalog.find("dune");
		this.catalog.find("emma");
		this.catalog.forget("dune");
		this.catalog.find("dune");
		this.catalog.find("emma");
		assertThat(this.catalog.calls()).isEqualTo(3);
		this.catalog.forgetAll();
		this.catalog.find("dune");
		this.catalog.find("emma");
		assertThat(this.catalog.calls()).isEqualTo(5);
	}

	@Test
	void whenTransactionCommitsThenItsCachePutsAndEvictionsHappenAfterwards() {
		TransactionTemplate transactions = this.context.getBean(TransactionTemplate.class);
		KeyValueTemplate template = this.context.getBean(KeyValueTemplate.class);
		String orders = this.context.getBean(CachingConfiguration.class).ordersBucket;
		this.books.put("old", new Book("old", "Old"));
		transactions.executeWithoutResult((status) -> {
			template.put(orders, "o1", "dune");
			this.catalog.save(new Book("dune", "Dune, ordered"));
			this.catalog.forget("old");
			assertThat(this.books.get("dune")).as("put before the commit").isNull();
			assertThat(this.books.get("old")).as("evicted before the commit").isNotNull();
		});
		assertThat(this.books.get("dune", Book.class)).isEqualTo(new Book("dune", "Dune, ordered"));
		assertThat(this.books.get("old")).isNull();
		assertThat(template.get(orders, "o1", String.class).value()).isEqualTo("dune");
	}

	@Test
	void whenTransactionRollsBackThenItsCachePutsAndEvictionsNeverHappen() {
		TransactionTemplate transactions = this.context.getBean(TransactionTemplate.class);
		this.books.put("old", new Book("old", "Old"));
		transactions.executeWithoutResult((status) -> {
			this.catalog.save(new Book("dune", "Dune, ordered"));
			this.catalog.forget("old");
			status.setRollbackOnly();
		});
		assertThat(this.books.get("dune")).isNull();
		assertThat(this.books.get("old")).isNotNull();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

		final String ordersBucket = UniqueNames.bucket("orders");

		private final Connection connection;

		CachingConfiguration(Connection connection) {
			this.connection = connection;
		}

		@Bean
		KeyValueTemplate keyValueTemplate() {
			return new KeyValueTemplate(this.connection);
		}

		@Bean
		KvCacheManager cacheManager(KeyValueTemplate template) {
			return KvCacheManager.builder(template)
				.cacheDefaults(KvCacheConfiguration.defaultCacheConfig().sharedBucket(UniqueNames.bucket("annotated")))
				.initialCacheNames(java.util.List.of("books"))
				.transactionAware()
				.build();
		}

		@Bean
		TransactionTemplate transactionTemplate(KeyValueTemplate template) {
			new KvBucketAdmin(this.connection).apply(KvBucketDefinition.builder(this.ordersBucket).atomicWrites(true).build(),
					KvBucketPolicy.CREATE);
			return new TransactionTemplate(new KvTransactionManager(template));
		}

		@Bean
		Catalog catalog() {
			return new Catalog();
		}

	}

	static class Catalog {

		private final AtomicInteger calls = new AtomicInteger();

		public int calls() {
			return this.calls.get();
		}

		@Cacheable("books")
		public @Nullable Book find(String isbn) {
			int call = this.calls.incrementAndGet();
			return isbn.equals("missing") ? null : book(isbn, call);
		}

		@Cacheable(cacheNames = "books", sync = true)
		public Book findSynchronized(String isbn) {
			return book(isbn, this.calls.incrementAndGet());
		}

		@Cacheable("books")
		public CompletableFuture<Book> findLater(String isbn) {
			int call = this.calls.incrementAndGet();
			return CompletableFuture.supplyAsync(() -> book(isbn, call));
		}

		@Cacheable("books")
		public Mono<Book> findReactively(String isbn) {
			return Mono.fromSupplier(() -> book(isbn, this.calls.incrementAndGet()));
		}

		@Cacheable("shelves")
		public Flux<Book> findAllReactively(String shelf) {
			return Mono.fromSupplier(this.calls::incrementAndGet)
				.flatMapMany((call) -> Flux.just(book(shelf, call), book(shelf + "-2", call)));
		}

		@CachePut(cacheNames = "books", key = "#book.isbn")
		public Book save(Book book) {
			return book;
		}

		@CacheEvict("books")
		public void forget(String isbn) {
		}

		@CacheEvict(cacheNames = "books", allEntries = true)
		public void forgetAll() {
		}

		private static Book book(String isbn, int call) {
			String title = isbn.substring(0, 1).toUpperCase() + isbn.substring(1);
			return new Book(isbn, title + " " + call);
		}

	}

	record Book(String isbn, String title) {
	}

}
