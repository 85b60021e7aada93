package io.github.kvspring.data.cache;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.kvspring.data.convert.KvValueConversionException;
import io.github.kvspring.data.convert.KvValueConverter;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The cache's JSON reads every value back as the type it was written as, nested values included, without being
 * told the type; and a type validator limits the types it creates.
 */
class KvCacheValueConvertersTests {

	private final KvValueConverter json = KvCacheValueConverters.json();

	@Test
	void whenValuesOfManyTypesThenEachReadsBackAsItsOwnType() {
		Book book = new Book("978-0", "Dune", List.of(new Author("Frank", 1920)), Genre.SCIENCE_FICTION);
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("count", 3L);
		map.put("book", book);
		List<Object> values = List.of("text", 42, 42L, 4.2d, true, new BigDecimal("12.50"), Genre.FANTASY, book,
				List.of(book, book), new ArrayList<>(List.of(1L, 2L)), map, Set.of("a"), Instant.parse("2025-01-02T03:04:05Z"),
				new byte[] { 1, 2, 3 }, new Shelf(List.of(book), Map.of("dune", book)));
		for (Object value : values) {
			Object read = this.json.read(this.json.write(value), Object.class);
			assertThat(read).as("%s", value.getClass()).isInstanceOf(value.getClass().isArray() ? byte[].class
					: (value instanceof List) ? List.class : (value instanceof Set) ? Set.class : value.getClass());
			assertThat(read).isEqualTo(value);
		}
	}

	@Test
	void whenRecordIsWrittenThenItsJsonIsReadableWithItsTypeNamed() {
		String written = new String(this.json.write(new Author("Frank", 1920)), StandardCharsets.UTF_8);
		assertThat(written).isEqualTo(
				"{\"@class\":\"io.github.kvspring.data.cache.KvCacheValueConvertersTests$Author\",\"name\":\"Frank\",\"born\":1920}");
	}

	@Test
	void whenAskedForAnotherTypeThanTheValueThenTheErrorSaysBoth() {
		byte[] data = this.json.write(new Author("Frank", 1920));
		assertThatExceptionOfType(KvValueConversionException.class).isThrownBy(() -> this.json.read(data, Book.class))
			.withMessageContaining("Author")
			.withMessageContaining("not a io.github.kvspring.data.cache.KvCacheValueConvertersTests$Book");
	}

	@Test
	void whenTypeValidatorRefusesATypeThenReadingItFails() {
		KvValueConverter restricted = KvCacheValueConverters
			.json(BasicPolymorphicTypeValidator.builder().allowIfSubType("java.").build());
		assertThat(restricted.read(restricted.write(List.of(1L)), Object.class)).isEqualTo(List.of(1L));
		byte[] author = restricted.write(new Author("Frank", 1920));
		assertThatExceptionOfType(KvValueConversionException.class).isThrownBy(() -> restricted.read(author, Object.class))
			.withMessageContaining("Author");
	}

	@Test
	void whenDataIsNotJsonThenReadingFails() {
		assertThatExceptionOfType(KvValueConversionException.class)
			.isThrownBy(() -> this.json.read("not json".getBytes(StandardCharsets.UTF_8), Object.class))
			.withMessageStartingWith("Cannot read JSON");
	}

	enum Genre {

		FANTASY, SCIENCE_FICTION

	}

	record Author(String name, int born) {
	}

	record Book(String isbn, String title, List<Author> authors, Genre genre) {
	}

	record Shelf(List<Book> books, Map<String, Book> byName) {
	}

}
