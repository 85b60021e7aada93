package io.github.kvspring.data.repository;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.entity.KvEntityTemplate;
import io.github.kvspring.data.repository.Product.Status;
import io.github.kvspring.server.NatsServer;
import io.github.kvspring.test.WithNatsServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import static org.assertj.core.api.Assertions.assertThat;

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

}
