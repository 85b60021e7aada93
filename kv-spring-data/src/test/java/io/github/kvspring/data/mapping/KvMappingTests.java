package io.github.kvspring.data.mapping;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.kvspring.data.convert.KvValueConversionException;
import org.jspecify.annotations.Nullable;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Transient;
import org.springframework.data.annotation.Version;
import org.springframework.data.mapping.MappingException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class KvMappingTests {

	private final KvMappingContext context = new KvMappingContext();

	private final KvEntityConverter converter = new KvEntityConverter(this.context, JsonMapper.builder().build());

	@KvEntity(bucket = "things", keyPrefix = "thing.v1")
	static class Thing {

		@Id
		final String id;

		final String name;

		@Version
		Long version;

		@Transient
		String scratch = "default";

		List<Integer> numbers = List.of();

		@PersistenceCreator
		Thing(String id, String name) {
			this.id = id;
			this.name = name;
		}

	}

	@KvEntity("small")
	record IntVersion(@Id String id, @Version int version) {
	}

	record Unannotated(@Id String id) {
	}

	record Measured(@Id String id, @KvIndexed double weight) {
	}

	record IndexedId(@Id @KvIndexed String id) {
	}

	record Scalars(@Id String id, long big, boolean flag, @Nullable Integer boxed, String text) {
	}

	enum Size {

		SMALL, LARGE

	}

	record Part(String name, Size size) {
	}

	record Assembly(@Id String id, List<Part> parts, Map<String, Instant> checked, int count, @Nullable String note,
			@Version long version) {
	}

	@Test
	void whenAnnotatedThenBucketAndPrefixFromTheAnnotation() {
		KvPersistentEntity<?> entity = this.context.getRequiredPersistentEntity(Thing.class);
		assertThat(entity.getBucket()).isEqualTo("things");
		assertThat(entity.getKeyPrefix()).isEqualTo("thing.v1");
		assertThat(this.context.getRequiredPersistentEntity(Unannotated.class).getBucket()).isEqualTo("unannotated");
	}

	@Test
	void whenVersionIsAnIntThenRefusedWithTheReason() {
		assertThatExceptionOfType(MappingException.class)
			.isThrownBy(() -> this.context.getRequiredPersistentEntity(IntVersion.class))
			.withStackTraceContaining("64-bit")
			.withStackTraceContaining("declare it Long or long");
	}

	@Test
	void whenWrittenThenVersionAndTransientLeftOutAndReadBackThroughTheCreator() {
		Thing thing = new Thing("t1", "Widget");
		thing.version = 7L;
		thing.scratch = "not stored";
		thing.numbers = List.of(1, 2);
		String json = new String(this.converter.write(thing), StandardCharsets.UTF_8);
		assertThat(json).contains("\"name\":\"Widget\"", "\"numbers\":[1,2]").doesNotContain("version", "scratch");

		Thing read = this.converter.read(json.getBytes(StandardCharsets.UTF_8), Thing.class, "t1", 42);
		assertThat(read.id).isEqualTo("t1");
		assertThat(read.name).isEqualTo("Widget");
		assertThat(read.version).isEqualTo(42L);
		assertThat(read.numbers).containsExactly(1, 2);
		assertThat(read.scratch).isEqualTo("default");
	}

	@Test
	void whenNestedGenericValuesThenTheyRoundTripWithTheirTypesAndNullsLeftOut() {
		Assembly assembly = new Assembly("a1", List.of(new Part("bolt", Size.SMALL), new Part("beam", Size.LARGE)),
				Map.of("qa", Instant.parse("2026-01-02T03:04:05Z")), 3, null, 0);
		byte[] json = this.converter.write(assembly);
		assertThat(new String(json, StandardCharsets.UTF_8)).doesNotContain("note", "version");

		Assembly read = this.converter.read(json, Assembly.class, "a1", 9);
		assertThat(read).isEqualTo(new Assembly("a1", assembly.parts(), assembly.checked(), 3, null, 9));
		assertThat(read.parts().get(0)).isInstanceOf(Part.class);
	}

	@Test
	void whenJsonHasUnknownFieldsThenTheyAreSkippedWhateverTheirShape() {
		String json = """
				{"extra":{"deep":[1,{"x":null}]},"count":5,"parts":[],"more":[[]],"checked":{},"note":null}""";
		Assembly read = this.converter.read(json.getBytes(StandardCharsets.UTF_8), Assembly.class, "key-id", 4);
		assertThat(read).isEqualTo(new Assembly("key-id", List.of(), Map.of(), 5, null, 4));
	}

	@Test
	void whenAPropertyHasTheWrongJsonTypeThenTheErrorNamesThePropertyAndEntity() {
		assertThatExceptionOfType(KvValueConversionException.class)
			.isThrownBy(() -> this.converter.read("{\"count\":{\"a\":1}}".getBytes(StandardCharsets.UTF_8),
					Assembly.class, "a1", 1))
			.withMessageContaining("property 'count' of " + Assembly.class.getName());
	}

	@Test
	void whenTheValueIsNotAJsonObjectThenTheErrorNamesTheEntity() {
		assertThatExceptionOfType(KvValueConversionException.class)
			.isThrownBy(() -> this.converter.read("[1,2]".getBytes(StandardCharsets.UTF_8), Assembly.class, "a1", 1))
			.withMessageContaining("Cannot read " + Assembly.class.getName())
			.withMessageContaining("not an object");
	}

	@Test
	void whenAnIndexedPropertyCannotBeIndexedThenRefusedNamingItAndTheRule() {
		assertThatExceptionOfType(MappingException.class)
			.isThrownBy(() -> this.context.getRequiredPersistentEntity(Measured.class))
			.withStackTraceContaining("@KvIndexed property 'weight' of " + Measured.class.getName())
			.withStackTraceContaining("only String, enum, boolean, integral number and UUID properties");
		assertThatExceptionOfType(MappingException.class)
			.isThrownBy(() -> this.context.getRequiredPersistentEntity(IndexedId.class))
			.withStackTraceContaining("is the id");
	}

	@Test
	void whenScalarsThenTheyRoundTripAndCoercibleJsonStillReads() {
		Scalars scalars = new Scalars("s1", Long.MAX_VALUE, true, null, "quote \" and \u00e9");
		byte[] json = this.converter.write(scalars);
		assertThat(new String(json, StandardCharsets.UTF_8)).doesNotContain("boxed");
		assertThat(this.converter.read(json, Scalars.class, "s1", 1)).isEqualTo(scalars);
		Scalars coerced = this.converter.read("{\"big\":\"12\",\"flag\":false,\"boxed\":3,\"text\":7}"
			.getBytes(StandardCharsets.UTF_8), Scalars.class, "s2", 1);
		assertThat(coerced).isEqualTo(new Scalars("s2", 12, false, 3, "7"));
	}

}
