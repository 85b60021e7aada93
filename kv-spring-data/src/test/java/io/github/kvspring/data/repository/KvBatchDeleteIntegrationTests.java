package io.github.kvspring.data.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBatchWriteException;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvBucketDefinition;
import io.github.kvspring.data.core.KvRevisionMismatchException;
import io.github.kvspring.data.core.KvWriteResult;
import io.github.kvspring.data.entity.KvEntityTemplate;
import io.github.kvspring.data.mapping.KvMappingContext;
import io.github.kvspring.data.observation.KvObservationContext;
import io.github.kvspring.data.repository.Product.Status;
import io.github.kvspring.data.repository.support.KvRepositoryFactory;
import io.github.kvspring.test.UniqueNames;
import io.github.kvspring.test.WithNatsServer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.nats.client.Connection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code deleteAll(entities)}, {@code deleteAllById} and {@code deleteBy…} queries delete with pipelined writes
 * (one batch, not one request per entity), each versioned entity only at its version.
 */
@WithNatsServer(isolated = true)
class KvBatchDeleteIntegrationTests {

	private final List<String> operations = new ArrayList<>();

	private ProductRepository products;

	private KeyValueTemplate template;

	@BeforeEach
	void repository(Connection connection) {
		new KvBucketAdmin(connection).create(KvBucketDefinition.builder("repo-products").history(5).build());
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new ObservationHandler<KvObservationContext>() {

			@Override
			public void onStart(KvObservationContext context) {
				synchronized (KvBatchDeleteIntegrationTests.this.operations) {
					KvBatchDeleteIntegrationTests.this.operations.add(context.getOperation());
				}
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return context instanceof KvObservationContext;
			}

		});
		this.template = new KeyValueTemplate(connection);
		this.template.setObservationRegistry(registry);
		this.products = new KvRepositoryFactory(new KvEntityTemplate(this.template, new KvMappingContext()))
			.getRepository(ProductRepository.class);
		this.products.deleteAll();
	}

	private List<Product> saveProducts(int count) {
		return this.products.saveAll(IntStream.range(0, count)
			.mapToObj((i) -> new Product(UniqueNames.bucket("p") + i, "c", (i % 2 == 0) ? Status.ACTIVE
					: Status.RETIRED, i, 0))
			.toList());
	}

	private List<String> operationsDuring(Runnable action) {
		synchronized (this.operations) {
			this.operations.clear();
		}
		action.run();
		synchronized (this.operations) {
			return List.copyOf(this.operations);
		}
	}

	@Test
	void whenDeletingManyEntitiesThenOneBatchDeletesThemAndAStaleOneIsReportedAlone() {
		List<Product> saved = saveProducts(2_000);
		Product stale = saved.get(7);
		this.products.save(stale.withCategory("changed"));

		List<String> operations = operationsDuring(() -> assertThatExceptionOfType(KvBatchWriteException.class)
			.isThrownBy(() -> this.products.deleteAll(saved))
			.satisfies((ex) -> {
				assertThat(ex.failures()).extracting(KvWriteResult::key).containsExactly("product." + stale.id());
				assertThat(ex.failures().get(0).failure()).isInstanceOf(KvRevisionMismatchException.class);
			}));

		assertThat(operations).containsExactly("write-all");
		assertThat(this.products.count()).isEqualTo(1);
		assertThat(this.products.findById(stale.id())).isPresent();
	}

	@Test
	void whenDeletingByIdsOrByQueryThenOneBatchDeletesThem() {
		List<Product> saved = saveProducts(1_000);
		List<String> byIds = operationsDuring(
				() -> this.products.deleteAllById(saved.subList(0, 500).stream().map(Product::id).toList()));
		assertThat(byIds).containsExactly("write-all");
		assertThat(this.products.count()).isEqualTo(500);

		List<String> byQuery = operationsDuring(() -> assertThat(this.products.deleteByStatus(Status.ACTIVE))
			.isEqualTo(250));
		assertThat(byQuery).doesNotContain("delete").contains("write-all");
		assertThat(this.products.count()).isEqualTo(250);
		assertThat(this.products.findAll()).extracting(Product::status).containsOnly(Status.RETIRED);
	}

}
