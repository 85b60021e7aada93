package io.github.kvspring.data.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class KvKeysTests {

	@ParameterizedTest
	@ValueSource(strings = { "a", "orders.42", "user/1=x_y-z", "A.B.C", "0", "kv_ok", "x._kv" })
	void whenKeyFollowsTheRulesThenAccepted(String key) {
		assertThat(KvKeys.requireValidKey(key)).isEqualTo(key);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			''              | must not be empty
			.orders         | must not start or end with '.'
			orders.         | must not start or end with '.'
			orders..1       | must not be empty ('..')
			orders.*        | only allowed in watch and key-listing filters
			orders.>        | only allowed in watch and key-listing filters
			a b             | character '\\u0020' in token 'a b' is not allowed
			user@mail       | character '@' in token 'user@mail' is not allowed
			a:b             | character ':' in token 'a:b' is not allowed
			_kv.internal    | reserved by NATS
			ord*rs          | must be a whole token
			""")
	void whenKeyBreaksARuleThenRejectedNamingKeyAndRule(String key, String rule) {
		assertThatExceptionOfType(InvalidKeyException.class).isThrownBy(() -> KvKeys.requireValidKey(key))
			.withMessageStartingWith("Invalid key '" + key + "': ")
			.withMessageContaining(rule)
			.satisfies((ex) -> assertThat(ex.getKey()).isEqualTo(key));
	}

	@ParameterizedTest
	@ValueSource(strings = { "orders.*", "orders.>", ">", "*", "*.eu.>", "a.b" })
	void whenFilterUsesWholeTokenWildcardsThenAccepted(String filter) {
		assertThat(KvKeys.requireValidFilter(filter)).isEqualTo(filter);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			orders.>.eu     | must be the last token
			orders.x*       | must be a whole token
			orders..*       | must not be empty
			""")
	void whenFilterBreaksARuleThenRejected(String filter, String rule) {
		assertThatExceptionOfType(InvalidKeyException.class).isThrownBy(() -> KvKeys.requireValidFilter(filter))
			.withMessageContaining(filter)
			.withMessageContaining(rule);
	}

	@ParameterizedTest
	@ValueSource(strings = { "orders", "feature-flags", "Orders_2" })
	void whenBucketNameFollowsTheRuleThenAccepted(String bucket) {
		assertThat(KvKeys.requireValidBucketName(bucket)).isEqualTo(bucket);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			''          | must not be empty
			orders.eu   | character '.' at index 6 is not allowed
			my bucket   | character ' ' at index 2 is not allowed
			a*          | character '*' at index 1 is not allowed
			""")
	void whenBucketNameBreaksTheRuleThenRejectedNamingIt(String bucket, String rule) {
		assertThatExceptionOfType(InvalidBucketNameException.class)
			.isThrownBy(() -> KvKeys.requireValidBucketName(bucket))
			.withMessageStartingWith("Invalid bucket name '" + bucket + "': ")
			.withMessageContaining(rule);
	}

	@ParameterizedTest
	@ValueSource(ints = { KvKeys.MAX_KEY_LENGTH + 1 })
	void whenKeyTooLongThenRejected(int length) {
		String key = "k".repeat(length);
		assertThatExceptionOfType(InvalidKeyException.class).isThrownBy(() -> KvKeys.requireValidKey(key))
			.withMessageContaining("at most " + KvKeys.MAX_KEY_LENGTH);
		assertThat(KvKeys.requireValidKey("k".repeat(KvKeys.MAX_KEY_LENGTH))).hasSize(KvKeys.MAX_KEY_LENGTH);
	}

	@ParameterizedTest
	@ValueSource(strings = { "long", "bad-character" })
	void whenHugeKeyRejectedThenMessageShowsItsStartAndLength(String kind) {
		String key = kind.equals("long") ? "k".repeat(102_400) : "k".repeat(1_000) + "!";
		InvalidKeyException ex = org.assertj.core.api.Assertions.catchThrowableOfType(InvalidKeyException.class,
				() -> KvKeys.requireValidKey(key));
		assertThat(ex.getMessage()).hasSizeLessThan(400)
			.startsWith("Invalid key '" + "k".repeat(100) + "… (" + key.length() + " characters)'");
		assertThat(ex.getKey()).isEqualTo(key);
	}

	@Test
	void whenHugeBucketNameRejectedThenMessageIsCut() {
		String bucket = "b".repeat(10_000);
		assertThatExceptionOfType(InvalidBucketNameException.class)
			.isThrownBy(() -> KvKeys.requireValidBucketName(bucket))
			.withMessageContaining("(10000 characters)")
			.satisfies((ex) -> assertThat(ex.getMessage()).hasSizeLessThan(300));
	}

	@Test
	void whenKeysAreMatchedAgainstFiltersThenWildcardsFollowSubjectRules() {
		assertThat(KvKeys.matches(">", "a")).isTrue();
		assertThat(KvKeys.matches(">", "a.b.c")).isTrue();
		assertThat(KvKeys.matches("a.>", "a")).isFalse();
		assertThat(KvKeys.matches("a.>", "a.b.c")).isTrue();
		assertThat(KvKeys.matches("a.*", "a.b")).isTrue();
		assertThat(KvKeys.matches("a.*", "a.b.c")).isFalse();
		assertThat(KvKeys.matches("a.*.c", "a.b.c")).isTrue();
		assertThat(KvKeys.matches("a.b", "a.b")).isTrue();
		assertThat(KvKeys.matches("a.b", "a.bb")).isFalse();
		assertThat(KvKeys.matches("a.b", "a")).isFalse();
	}

}
