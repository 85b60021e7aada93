package io.github.kvspring.data.convert;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class KvValueConvertersTests {

	private final KvValueConverter defaults = KvValueConverters.defaults();

	record Flag(String name, boolean enabled, Instant changed) {
	}

	@Test
	void whenBytesThenStoredAsTheyAre() {
		byte[] data = { 0, 1, (byte) 0xff };
		assertThat(this.defaults.write(data)).isSameAs(data);
		assertThat(this.defaults.read(data, byte[].class)).isSameAs(data);
	}

	@Test
	void whenStringThenUtf8() {
		assertThat(this.defaults.write("grüße")).isEqualTo("grüße".getBytes(StandardCharsets.UTF_8));
		assertThat(this.defaults.read("grüße".getBytes(StandardCharsets.UTF_8), String.class)).isEqualTo("grüße");
		assertThat(this.defaults.read(new byte[0], String.class)).isEmpty();
	}

	@Test
	void whenObjectThenJsonRoundTripIncludingJavaTime() {
		Flag flag = new Flag("dark-mode", true, Instant.parse("2026-11-25T08:00:00Z"));
		byte[] json = this.defaults.write(flag);
		assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"name\":\"dark-mode\"", "\"enabled\":true");
		assertThat(this.defaults.read(json, Flag.class)).isEqualTo(flag);
		assertThat(this.defaults.read("42".getBytes(StandardCharsets.UTF_8), Integer.class)).isEqualTo(42);
	}

	@Test
	void whenJsonCannotBeReadThenConversionErrorNamesTheType() {
		assertThatExceptionOfType(KvValueConversionException.class)
			.isThrownBy(() -> this.defaults.read("not json".getBytes(StandardCharsets.UTF_8), Flag.class))
			.withMessageContaining(Flag.class.getName());
		assertThatExceptionOfType(KvValueConversionException.class)
			.isThrownBy(() -> this.defaults.read("null".getBytes(StandardCharsets.UTF_8), Flag.class))
			.withMessageContaining("null");
	}

	@Test
	void whenUserConverterRegisteredFirstThenItWinsForItsType() {
		KvValueConverter upperCase = new KvValueConverter() {

			@Override
			public boolean canConvert(Class<?> type) {
				return type == String.class;
			}

			@Override
			public byte[] write(Object value) {
				return value.toString().toUpperCase().getBytes(StandardCharsets.UTF_8);
			}

			@Override
			public <T> T read(byte[] data, Class<T> type) {
				return type.cast(new String(data, StandardCharsets.UTF_8).toLowerCase());
			}

		};
		KvValueConverter composite = KvValueConverters.composite(List.of(upperCase,
				KvValueConverters.defaults(JsonMapper.builder().build())));
		assertThat(composite.write("abc")).isEqualTo("ABC".getBytes(StandardCharsets.UTF_8));
		assertThat(composite.read("ABC".getBytes(StandardCharsets.UTF_8), String.class)).isEqualTo("abc");
		assertThat(composite.write(List.of(1, 2))).isEqualTo("[1,2]".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void whenNoConverterForATypeThenClearError() {
		KvValueConverter onlyStrings = KvValueConverters.composite(List.of(KvValueConverters.string()));
		assertThatExceptionOfType(KvValueConversionException.class).isThrownBy(() -> onlyStrings.write(42))
			.withMessageContaining("No converter for java.lang.Integer");
		assertThat(onlyStrings.canConvert(Integer.class)).isFalse();
	}

}
