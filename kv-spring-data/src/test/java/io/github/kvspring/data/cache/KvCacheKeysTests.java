package io.github.kvspring.data.cache;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.github.kvspring.data.core.KvKeys;
import org.junit.jupiter.api.Test;

import org.springframework.cache.interceptor.SimpleKey;
import org.springframework.core.convert.support.DefaultConversionService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Cache keys become valid, bounded, readable KV keys, and distinct texts never share one.
 */
class KvCacheKeysTests {

	private final KvCacheKeys own = new KvCacheKeys("books", false, DefaultConversionService.getSharedInstance());

	private final KvCacheKeys shared = new KvCacheKeys("books", true, DefaultConversionService.getSharedInstance());

	@Test
	void whenKeyIsPlainThenItIsKeptAsItIs() {
		assertThat(this.own.kvKey("isbn-978_0/13")).isEqualTo("isbn-978_0/13");
		assertThat(this.own.kvKey("user.42.profile")).isEqualTo("user.42.profile");
		assertThat(this.shared.kvKey("isbn-1")).isEqualTo("books.isbn-1");
		assertThat(this.shared.filter()).isEqualTo("books.>");
		assertThat(this.own.filter()).isEqualTo(">");
	}

	@Test
	void whenKeyHasOtherCharactersThenTheyAreEscapedReadably() {
		assertThat(this.own.kvKey("user:42")).isEqualTo("user=3A42");
		assertThat(this.own.kvKey("a b")).isEqualTo("a=20b");
		assertThat(this.own.kvKey("x=y")).isEqualTo("x=3Dy");
		assertThat(this.own.kvKey("café")).isEqualTo("caf=C3=A9");
		assertThat(this.own.kvKey("*")).isEqualTo("=2A");
		assertThat(this.own.kvKey(">")).isEqualTo("=3E");
	}

	@Test
	void whenDotsWouldMakeEmptyTokensThenTheyAreEscaped() {
		assertThat(this.own.kvKey(".a")).isEqualTo("=2Ea");
		assertThat(this.own.kvKey("a.")).isEqualTo("a=2E");
		assertThat(this.own.kvKey("a..b")).isEqualTo("a=2E.b");
		assertThat(this.own.kvKey(".")).isEqualTo("=2E");
	}

	@Test
	void whenKeyIsEmptyOrReservedThenItIsStillValid() {
		assertThat(this.own.kvKey("")).isEqualTo("=");
		assertThat(this.own.kvKey("_kv-internal")).isEqualTo("=5Fkv-internal");
		assertThat(this.shared.kvKey("_kv")).isEqualTo("books._kv");
	}

	@Test
	void whenManyOddKeysThenEveryKvKeyIsValidAndDistinct() {
		List<String> texts = List.of("", " ", ".", "..", "a.b", "a..b", "a=2Eb", "a.b.", "=", "==", "=3D", "_kv", "=5Fkv",
				"*", ">", "a.*", "日本語", "😀", "\t\n", "a,b", "a\\,b", "null", "x".repeat(600), "x".repeat(601),
				"é".repeat(300), "a".repeat(511), "a".repeat(512), "a".repeat(513));
		Set<String> kvKeys = new HashSet<>();
		for (String text : texts) {
			String kvKey = this.own.kvKey(text);
			KvKeys.requireValidKey(kvKey);
			assertThat(kvKey.length()).isLessThanOrEqualTo(KvCacheKeys.MAX_KEY_LENGTH);
			kvKeys.add(kvKey);
		}
		assertThat(kvKeys).hasSameSizeAs(texts);
	}

	@Test
	void whenKeyIsLongThenItKeepsAReadableHeadAndEndsInItsHash() {
		String head = "report." + "q".repeat(700);
		String first = this.shared.kvKey(head + "-1");
		String second = this.shared.kvKey(head + "-2");
		assertThat(first).startsWith("books.report.qqq").contains("=H").hasSize(KvCacheKeys.MAX_KEY_LENGTH);
		assertThat(first).isNotEqualTo(second);
		assertThat(this.shared.kvKey(head + "-1")).isEqualTo(first);
	}

	@Test
	void whenLongKeyWouldBeCutInsideAnEscapeThenTheCutMovesBeforeIt() {
		for (int pad = 0; pad < 4; pad++) {
			String kvKey = this.own.kvKey("p".repeat(pad) + "ü".repeat(400));
			KvKeys.requireValidKey(kvKey);
			String head = kvKey.substring(0, kvKey.indexOf("=H"));
			assertThat(head).matches("p*(=[0-9A-F]{2})*");
		}
	}

	@Test
	void whenSimpleKeysDifferOnlyByCommasThenTheirKvKeysDiffer() {
		String oneArgument = this.own.kvKey(new SimpleKey("a,b"));
		String twoArguments = this.own.kvKey(new SimpleKey("a", "b"));
		assertThat(oneArgument).isNotEqualTo(twoArguments);
		assertThat(twoArguments).isEqualTo("a=2Cb");
		assertThat(this.own.kvKey(new SimpleKey("user", 42L, null))).isEqualTo("user=2C42=2Cnull");
		assertThat(this.own.kvKey(SimpleKey.EMPTY)).isEqualTo("=");
	}

	@Test
	void whenKeyIsNotAStringThenItsConversionOrToStringIsUsed() {
		UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
		assertThat(this.own.kvKey(42L)).isEqualTo("42");
		assertThat(this.own.kvKey(id)).isEqualTo("123e4567-e89b-12d3-a456-426614174000");
		assertThat(this.own.kvKey(new Isbn("978", "13"))).isEqualTo("Isbn=5Bgroup=3D978=2C=20item=3D13=5D");
	}

	@Test
	void whenKeyHasNeitherConverterNorToStringThenTheErrorNamesCacheAndType() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.own.kvKey(new Object()))
			.withMessageContaining("Cache 'books'")
			.withMessageContaining("java.lang.Object")
			.withMessageContaining("toString()");
	}

	record Isbn(String group, String item) {
	}

}
