package io.github.kvspring.data.core;

import java.time.Duration;

import io.github.kvspring.test.UniqueNames;
import io.github.kvspring.test.WithNatsServer;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Bucket definitions, policies and limits against a real server.
 */
@WithNatsServer
class KvBucketAdminIntegrationTests {

	private final KeyValueTemplate template;

	private final KvBucketAdmin admin;

	KvBucketAdminIntegrationTests(Connection connection) {
		this.template = new KeyValueTemplate(connection);
		this.admin = new KvBucketAdmin(connection);
	}

	@Test
	void whenCreatedWithEverySettingThenServerHoldsEachOfThem() {
		KvBucketDefinition definition = KvBucketDefinition.builder(UniqueNames.bucket("full"))
			.description("every setting")
			.history(7)
			.ttl(Duration.ofHours(2))
			.maxBucketSize(10 * 1024 * 1024)
			.maxValueSize(64 * 1024)
			.storage(KvStorage.MEMORY)
			.replicas(1)
			.compression(false)
			.limitMarkerTtl(Duration.ofMinutes(5))
			.metadata("owner", "team-a")
			.build();

		KvBucketInfo created = this.admin.create(definition);

		assertThat(KvBucketAdmin.differences(definition, created.definition())).isEmpty();
		KvBucketDefinition live = this.admin.info(definition.name()).definition();
		assertThat(live.history()).isEqualTo(7);
		assertThat(live.ttl()).isEqualTo(Duration.ofHours(2));
		assertThat(live.maxBucketSize()).isEqualTo(10 * 1024 * 1024);
		assertThat(live.maxValueSize()).isEqualTo(64 * 1024);
		assertThat(live.storage()).isEqualTo(KvStorage.MEMORY);
		assertThat(live.limitMarkerTtl()).isEqualTo(Duration.ofMinutes(5));
		assertThat(live.description()).isEqualTo("every setting");
		assertThat(live.metadata()).containsEntry("owner", "team-a");
	}

	@Test
	void whenCompressedFileBucketThenCompressionHeld() {
		KvBucketDefinition definition = KvBucketDefinition.builder(UniqueNames.bucket("zip")).compression(true).build();
		assertThat(this.admin.create(definition).definition().compression()).isTrue();
	}

	@Test
	void whenTtlWithoutLimitMarkerThenMarkerDefaultsToTtl() {
		KvBucketDefinition definition = KvBucketDefinition.builder(UniqueNames.bucket("ttl")).ttl(Duration.ofMinutes(1))
			.build();
		assertThat(definition.limitMarkerTtl()).isEqualTo(Duration.ofMinutes(1));
		assertThat(this.admin.create(definition).definition().limitMarkerTtl()).isEqualTo(Duration.ofMinutes(1));
	}

	@Test
	void whenValidatingADifferentBucketThenEachDifferenceListed() {
		String name = UniqueNames.bucket("differs");
		this.admin.create(KvBucketDefinition.builder(name).build());
		KvBucketDefinition wanted = KvBucketDefinition.builder(name).history(5).description("wanted")
			.maxValueSize(1024).build();

		assertThatExceptionOfType(KvBucketValidationException.class).isThrownBy(() -> this.admin.validate(wanted))
			.withMessageContaining("Bucket '" + name + "'")
			.satisfies((ex) -> assertThat(ex.getDifferences()).containsExactlyInAnyOrder(
					"description: expected wanted but was none", "history: expected 5 but was 1",
					"max value size: expected 1024 but was -1"));
		assertThatExceptionOfType(KvBucketValidationException.class)
			.isThrownBy(() -> this.admin.apply(wanted, KvBucketPolicy.CREATE));
	}

	@Test
	void whenValidatingAMissingBucketThenNotFound() {
		KvBucketDefinition missing = KvBucketDefinition.builder(UniqueNames.bucket("absent")).build();
		assertThatExceptionOfType(KvBucketNotFoundException.class).isThrownBy(() -> this.admin.validate(missing))
			.withMessageContaining(missing.name());
		assertThat(this.admin.apply(missing, KvBucketPolicy.NONE)).isNull();
		assertThat(this.admin.info(missing.name())).isNull();
	}

	@Test
	void whenCreatePolicyThenMissingBucketCreatedAndMatchingOneKept() {
		KvBucketDefinition definition = KvBucketDefinition.builder(UniqueNames.bucket("create")).history(3).build();
		assertThat(this.admin.apply(definition, KvBucketPolicy.CREATE)).isNotNull();
		assertThat(this.admin.apply(definition, KvBucketPolicy.CREATE).definition().history()).isEqualTo(3);
		assertThat(this.admin.create(definition)).as("creating the same again succeeds").isNotNull();
	}

	@Test
	void whenCreateOrUpdatePolicyThenChangeableSettingsAreUpdated() {
		String name = UniqueNames.bucket("update");
		this.admin.create(KvBucketDefinition.builder(name).build());
		this.template.put(name, "kept", "value");
		KvBucketDefinition wanted = KvBucketDefinition.builder(name).history(4).description("now").build();

		KvBucketInfo updated = this.admin.apply(wanted, KvBucketPolicy.CREATE_OR_UPDATE);

		assertThat(updated.definition().history()).isEqualTo(4);
		assertThat(updated.definition().description()).isEqualTo("now");
		assertThat(this.template.get(name, "kept", String.class).value()).isEqualTo("value");
	}

	@Test
	void whenAtomicWritesAreDeclaredThenCreatedValidatedAndKeptAcrossAnUpdate() {
		String name = UniqueNames.bucket("atomic");
		KvBucketDefinition atomic = KvBucketDefinition.builder(name).atomicWrites(true).build();
		assertThat(this.admin.create(atomic).definition().atomicWrites()).isTrue();
		assertThatExceptionOfType(KvBucketValidationException.class)
			.isThrownBy(() -> this.admin.validate(KvBucketDefinition.builder(name).build()))
			.withMessageContaining("atomic writes: expected false but was true");
		KvBucketInfo updated = this.admin.apply(KvBucketDefinition.builder(name).atomicWrites(true).history(3).build(),
				KvBucketPolicy.CREATE_OR_UPDATE);
		assertThat(updated.definition().history()).isEqualTo(3);
		assertThat(updated.definition().atomicWrites()).as("a KV update does not turn it off").isTrue();
		assertThat(this.admin.apply(KvBucketDefinition.builder(name).history(3).build(), KvBucketPolicy.CREATE_OR_UPDATE)
			.definition()
			.atomicWrites()).isFalse();
	}

	@Test
	void whenUpdateNeedsAnUnchangeableSettingThenRefusedNamingIt() {
		String name = UniqueNames.bucket("storage");
		this.admin.create(KvBucketDefinition.builder(name).build());
		KvBucketDefinition wanted = KvBucketDefinition.builder(name).storage(KvStorage.MEMORY).build();
		assertThatExceptionOfType(KvBucketValidationException.class)
			.isThrownBy(() -> this.admin.apply(wanted, KvBucketPolicy.CREATE_OR_UPDATE))
			.satisfies((ex) -> assertThat(ex.getDifferences()).contains("storage: expected MEMORY but was FILE"));
	}

	@Test
	void whenDefinitionBreaksALimitThenRejectedNamingBucketAndSetting() {
		assertThatIllegalArgumentException().isThrownBy(() -> KvBucketDefinition.builder("b").history(65).build())
			.withMessage("Bucket 'b': history must be between 1 and 64 but was 65");
		assertThatIllegalArgumentException().isThrownBy(() -> KvBucketDefinition.builder("b").replicas(7).build())
			.withMessageContaining("replicas");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> KvBucketDefinition.builder("b").limitMarkerTtl(Duration.ofMillis(10)).build())
			.withMessageContaining("limit marker TTL must be at least 1 second");
		assertThatIllegalArgumentException().isThrownBy(() -> KvBucketDefinition.builder("b").maxValueSize(0).build())
			.withMessageContaining("max value size");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> KvBucketDefinition.builder("b").maxValueSize(2048).maxBucketSize(1024).build())
			.withMessage("Bucket 'b': max value size (2048 bytes) must not exceed max bucket size (1024 bytes): "
					+ "no value could be stored");
		assertThatExceptionOfType(InvalidBucketNameException.class)
			.isThrownBy(() -> KvBucketDefinition.builder("a.b").build());
	}

	@Test
	void whenValueExceedsMaxValueSizeThenRefusedNamingTheLimitAndNothingWritten() {
		String name = UniqueNames.bucket("small-values");
		this.admin.create(KvBucketDefinition.builder(name).maxValueSize(128).build());
		this.template.put(name, "fits", "x".repeat(64));

		assertThatExceptionOfType(KvLimitExceededException.class)
			.isThrownBy(() -> this.template.put(name, "too-big", "x".repeat(200)))
			.isInstanceOf(DataIntegrityViolationException.class)
			.withMessageContaining("maximum value size")
			.withMessageContaining("'too-big'")
			.satisfies((ex) -> assertThat(ex.getLimit()).isEqualTo(KvLimitExceededException.Limit.MAX_VALUE_SIZE));
		assertThat(this.template.keys(name, KvKeyScope.ANY_ENTRY)).containsExactly("fits");
	}

	@Test
	void whenBucketFullThenNewKeysRefusedWhileOverwritesAndDeletesWork() {
		String name = UniqueNames.bucket("full-bucket");
		this.admin.create(KvBucketDefinition.builder(name).maxBucketSize(4096).build());
		String value = "x".repeat(400);
		KvLimitExceededException refused = null;
		int written = 0;
		for (int i = 0; i < 50 && refused == null; i++) {
			try {
				this.template.put(name, "k" + i, value);
				written++;
			}
			catch (KvLimitExceededException ex) {
				refused = ex;
			}
		}
		assertThat(refused).as("a write refused once the bucket is full").isNotNull();
		assertThat(refused.getLimit()).isEqualTo(KvLimitExceededException.Limit.MAX_BUCKET_SIZE);
		assertThat(refused.getMessage()).contains("maximum bucket size", "'k" + written + "'");
		assertThat(this.template.keys(name)).hasSize(written);

		this.template.put(name, "k0", "y".repeat(400));
		assertThat(this.template.get(name, "k0", String.class).value()).startsWith("y");
		this.template.delete(name, "k1");
		assertThat(this.template.get(name, "k1", String.class)).isNull();
	}

	@Test
	void whenDeletedThenGone() {
		String name = UniqueNames.bucket("deleted");
		this.admin.create(KvBucketDefinition.builder(name).build());
		assertThat(this.admin.delete(name)).isTrue();
		assertThat(this.admin.info(name)).isNull();
		assertThat(this.admin.delete(name)).isFalse();
	}

}
