package io.github.kvspring.data.repository;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvWrite;
import io.github.kvspring.data.entity.KvEntityTemplate;
import io.github.kvspring.data.entity.KvIndexState;
import io.github.kvspring.data.entity.KvIndexStatistics;
import io.github.kvspring.data.repository.Product.Status;
import io.github.kvspring.server.NatsServer;
import io.github.kvspring.test.WithNatsServer;
import io.nats.client.api.KeyValueConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Derived queries answered from {@code @KvIndexed} properties against a real server: the results must be those
 * of a scan, as current as a scan's right after any write (this application's or another's), and stay so when
 * the index's watch is lost with a restarted server.
 */
@WithNatsServer(isolated = true)
@SpringJUnitConfig(RepositoryTestConfiguration.class)
class KvIndexIntegrationTests {

	@Autowired
	ProductRepository products;

	@Autowired
	KvEntityTemplate entities;

	@Autowired
	KeyValueTemplate template;

	@BeforeEach
	void fill() {
		this.products.deleteAll();
		this.products.saveAll(IntStream.range(0, 200)
			.mapToObj((i) -> new Product("p" + i, "cat-" + (i % 50), (i % 2 == 0) ? Status.ACTIVE : Status.RETIRED, i,
					0))
			.toList());
	}

	private static List<String> ids(List<Product> products) {
		return products.stream().map(Product::id).sorted().toList();
	}

	@Test
	void whenQueriedByAnIndexedPropertyThenTheIndexAnswersWithWhatAScanFinds() {
		assertThat(ids(this.products.findByCategory("cat-7"))).containsExactly("p107", "p157", "p57", "p7");
		assertThat(this.entities.indexedCount(Product.class)).as("the index was built and holds every product")
			.isEqualTo(200);
		assertThat(ids(this.products.findByCategoryIn(List.of("cat-1", "cat-2")))).containsExactly("p1", "p101",
				"p102", "p151", "p152", "p2", "p51", "p52");
		assertThat(ids(this.products.findByCategoryAndStockGreaterThan("cat-7", 100))).containsExactly("p107",
				"p157");
		assertThat(this.products.countByCategory("cat-3")).isEqualTo(4);
		try (Stream<Product> stream = this.products.streamByCategory("cat-4")) {
			assertThat(stream.map(Product::id).sorted()).containsExactly("p104", "p154", "p4", "p54");
		}
		assertThat(this.products.findByCategory("no-such-category")).isEmpty();
	}

	@Test
	void whenABranchHasNoIndexedEqualityThenTheScanStillFindsEverything() {
		assertThat(ids(this.products.findByCategoryOrStockGreaterThan("cat-0", 197))).containsExactly("p0", "p100",
				"p150", "p198", "p199", "p50");
		assertThat(ids(this.products.findByCategoryIgnoreCase("CAT-9"))).containsExactly("p109", "p159", "p59", "p9");
		assertThat(this.products.findByCategoryOrStatus("cat-0", Status.RETIRED)).hasSize(104);
	}

	@Test
	void whenWrittenThenTheNextQueryAtOnceSeesTheWrite() {
		assertThat(this.products.findByCategory("cat-7")).hasSize(4);
		for (int round = 0; round < 50; round++) {
			Product moved = this.products.findById("p7").orElseThrow();
			this.products.save(moved.withCategory("moved-" + round));
			assertThat(ids(this.products.findByCategory("moved-" + round))).containsExactly("p7");
			assertThat(ids(this.products.findByCategory((round == 0) ? "cat-7" : "moved-" + (round - 1))))
				.doesNotContain("p7");
		}
		assertThat(this.products.count()).as("from the index").isEqualTo(200);
		this.products.deleteById("p57");
		assertThat(ids(this.products.findByCategory("cat-7"))).containsExactly("p107", "p157");
		assertThat(this.products.count()).isEqualTo(199);
		this.products.save(new Product("p-new", "cat-7", Status.ACTIVE, 0, 0));
		assertThat(this.products.count()).isEqualTo(200);
	}

	@Test
	void whenAnotherWriterPutsOrPurgesThenTheNextQuerySeesIt() {
		assertThat(this.products.findByCategory("cat-8")).hasSize(4);
		this.template.put("repo-products", "product.outsider",
				"{\"category\":\"cat-8\",\"status\":\"ACTIVE\",\"stock\":1}".getBytes(StandardCharsets.UTF_8));
		assertThat(ids(this.products.findByCategory("cat-8"))).containsExactly("outsider", "p108", "p158", "p58",
				"p8");
		this.template.purge("repo-products", "product.p8");
		assertThat(ids(this.products.findByCategory("cat-8"))).containsExactly("outsider", "p108", "p158", "p58");
	}

	@Test
	void whenTheServerRestartsThenQueriesStayCorrectAndTheIndexIsRebuilt(NatsServer server) {
		assertThat(this.products.findByCategory("cat-5")).hasSize(4);
		server.restart();
		this.products.save(new Product("after-restart", "cat-5", Status.ACTIVE, 1, 0));
		assertThat(ids(this.products.findByCategory("cat-5"))).containsExactly("after-restart", "p105", "p155",
				"p5", "p55");
		assertThat(ids(this.products.findByCategory("cat-5"))).containsExactly("after-restart", "p105", "p155",
				"p5", "p55");
		assertThat(this.entities.indexedCount(Product.class)).isEqualTo(201);
	}

	@Test
	void whenIndexCannotCatchUpInTimeThenQueriesScanAndTheIndexIsKept() {
		assertThat(this.products.findByCategory("cat-7")).hasSize(4);
		KvIndexStatistics before = this.entities.getIndexStatistics().get(Product.class);
		Duration timeout = this.entities.getIndexCatchUpTimeout();
		this.entities.setIndexCatchUpTimeout(Duration.ofNanos(1));
		try {
			this.products.save(new Product("p-late", "cat-7", Status.ACTIVE, 1, 0));
			assertThat(ids(this.products.findByCategory("cat-7"))).containsExactly("p-late", "p107", "p157", "p57",
					"p7");
			KvIndexStatistics lagging = this.entities.getIndexStatistics().get(Product.class);
			assertThat(lagging.state()).isEqualTo(KvIndexState.LAGGING);
			assertThat(lagging.fallbacks()).isGreaterThan(before.fallbacks());
		}
		finally {
			this.entities.setIndexCatchUpTimeout(timeout);
		}
		assertThat(ids(this.products.findByCategory("cat-7"))).containsExactly("p-late", "p107", "p157", "p57", "p7");
		KvIndexStatistics after = this.entities.getIndexStatistics().get(Product.class);
		assertThat(after.state()).isEqualTo(KvIndexState.READY);
		assertThat(after.hits()).isGreaterThan(before.hits());
		assertThat(after.rebuilds()).as("slow is not lost").isEqualTo(before.rebuilds());
	}

	@Test
	void whenAWriteBurstOutrunsTheCatchUpTimeoutThenQueriesStayExactAndTheIndexIsNeverRebuilt() throws Exception {
		assertThat(this.products.findByCategory("cat-7")).hasSize(4);
		KvIndexStatistics before = this.entities.getIndexStatistics().get(Product.class);
		Duration timeout = this.entities.getIndexCatchUpTimeout();
		this.entities.setIndexCatchUpTimeout(Duration.ofMillis(5));
		AtomicBoolean bursting = new AtomicBoolean(true);
		CompletableFuture<Void> burst = CompletableFuture.runAsync(() -> {
			for (int round = 0; bursting.get(); round++) {
				int offset = round * 500;
				this.template.writeAll("repo-products", IntStream.range(0, 500)
					.mapToObj((i) -> KvWrite.put("product.burst-" + ((offset + i) % 1_000),
							"{\"category\":\"burst\",\"status\":\"ACTIVE\",\"stock\":1}"
								.getBytes(StandardCharsets.UTF_8)))
					.toList());
			}
		});
		int queries = 10;
		try {
			for (int i = 0; i < queries; i++) {
				this.products.save(new Product("during-" + i, "cat-7", Status.ACTIVE, i, 0));
				assertThat(ids(this.products.findByCategory("cat-7"))).hasSize(5 + i)
					.contains("during-" + i, "p107", "p157", "p57", "p7");
			}
		}
		finally {
			bursting.set(false);
			burst.get(30, TimeUnit.SECONDS);
			this.entities.setIndexCatchUpTimeout(timeout);
		}
		assertThat(ids(this.products.findByCategory("cat-7"))).hasSize(4 + queries);
		KvIndexStatistics after = this.entities.getIndexStatistics().get(Product.class);
		assertThat(after.state()).isEqualTo(KvIndexState.READY);
		assertThat((after.hits() - before.hits()) + (after.fallbacks() - before.fallbacks()))
			.isGreaterThanOrEqualTo(queries + 1);
		assertThat(after.rebuilds()).as("slow is not lost").isEqualTo(before.rebuilds());
	}

	@Test
	void whenBucketIsPurgedSilentlyThenTheIndexIsRebuiltAndForgetsEverything() {
		assertThat(this.products.findByCategory("cat-7")).hasSize(4);
		long rebuilds = this.entities.getIndexStatistics().get(Product.class).rebuilds();
		this.template.purgeAllSilently("repo-products");
		assertThat(this.products.findByCategory("cat-7")).isEmpty();
		assertThat(this.products.count()).isZero();
		assertThat(this.entities.getIndexStatistics().get(Product.class).rebuilds()).isEqualTo(rebuilds + 1);
	}

	@Test
	void whenInterruptedWhileQueryWaitsForTheIndexThenItEndsAtOnce(NatsServer server) throws Exception {
		assertThat(this.products.findByCategory("cat-7")).hasSize(4);
		Duration timeout = this.entities.getIndexCatchUpTimeout();
		this.entities.setIndexCatchUpTimeout(Duration.ofSeconds(30));
		ExecutorService executor = Executors.newSingleThreadExecutor();
		AtomicReference<Thread> worker = new AtomicReference<>();
		AtomicBoolean interruptFlagKept = new AtomicBoolean();
		signal(server, "STOP");
		try {
			Future<List<Product>> query = executor.submit(() -> {
				worker.set(Thread.currentThread());
				try {
					return this.products.findByCategory("cat-7");
				}
				finally {
					interruptFlagKept.set(Thread.currentThread().isInterrupted());
				}
			});
			// The server is frozen: the query waits for the stream leader's answer.
			await().atMost(Duration.ofSeconds(5)).until(() -> worker.get() != null
					&& worker.get().getState() == Thread.State.TIMED_WAITING);
			long interruptedAt = System.nanoTime();
			worker.get().interrupt();
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> query.get(5, TimeUnit.SECONDS))
				.havingCause().isInstanceOf(DataAccessResourceFailureException.class)
				.withMessageContaining("Interrupted");
			assertThat(Duration.ofNanos(System.nanoTime() - interruptedAt)).isLessThan(Duration.ofSeconds(5));
			assertThat(interruptFlagKept).isTrue();
		}
		finally {
			signal(server, "CONT");
			executor.shutdownNow();
			this.entities.setIndexCatchUpTimeout(timeout);
		}
	}

	@Test
	void whenBucketExpiresValuesWithoutMarkersThenIndexedLookupIsRefusedWithTheReason() throws Exception {
		// Made with jnats: kv-spring's own bucket definitions give a bucket with a TTL expiry markers.
		this.template.getConnection().keyValueManagement().create(KeyValueConfiguration.builder()
			.name("repo-expiring").ttl(Duration.ofHours(1)).build());
		assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
			.isThrownBy(() -> this.entities.findIndexedKeys(ExpiringTag.class, "name", List.of("x")))
			.withMessageContaining("repo-expiring")
			.withMessageContaining("limit-marker-ttl");
	}

	/**
	 * Freezes or thaws the test's own server process.
	 */
	private static void signal(NatsServer server, String signal) throws Exception {
		Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(server.pid())).inheritIO().start();
		assertThat(kill.waitFor()).isZero();
	}

}
