package io.github.kvspring.data.convert;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.Assert;
import org.springframework.util.function.SingletonSupplier;

/**
 * Factories for the value converters the project ships: bytes as they are, UTF-8 strings, JSON through
 * Jackson 3, and a composite that picks the first converter that can handle a type. Never Java serialization.
 */
public final class KvValueConverters {

	private KvValueConverters() {
	}

	/**
	 * {@code byte[]} values stored as they are.
	 * @return the converter
	 */
	public static KvValueConverter bytes() {
		return BytesConverter.INSTANCE;
	}

	/**
	 * {@code String} values (and any {@link CharSequence} written) as UTF-8.
	 * @return the converter
	 */
	public static KvValueConverter string() {
		return StringConverter.INSTANCE;
	}

	/**
	 * Any type as JSON through the given mapper.
	 * @param mapper the mapper
	 * @return the converter
	 */
	public static KvValueConverter json(JsonMapper mapper) {
		Assert.notNull(mapper, "'mapper' must not be null");
		return new JsonConverter(() -> mapper);
	}

	/**
	 * Any type as JSON through a mapper obtained on first use (building a Jackson mapper loads several hundred
	 * classes, which start-up need not wait for).
	 * @param mapper supplies the mapper, called once
	 * @return the converter
	 */
	public static KvValueConverter json(Supplier<JsonMapper> mapper) {
		return new JsonConverter(SingletonSupplier.of(mapper));
	}

	/**
	 * The first of the given converters that can convert a type.
	 * @param converters the converters, in order of preference
	 * @return the converter
	 */
	public static KvValueConverter composite(List<KvValueConverter> converters) {
		Assert.notEmpty(converters, "'converters' must not be empty");
		return new CompositeConverter(List.copyOf(converters));
	}

	/**
	 * The defaults: {@code byte[]} and {@code String} as they are, everything else as JSON through the given
	 * mapper.
	 * @param mapper the JSON mapper
	 * @return the converter
	 */
	public static KvValueConverter defaults(JsonMapper mapper) {
		return composite(List.of(bytes(), string(), json(mapper)));
	}

	/**
	 * The defaults, with the JSON mapper obtained on first use.
	 * @param mapper supplies the JSON mapper, called once
	 * @return the converter
	 */
	public static KvValueConverter defaults(Supplier<JsonMapper> mapper) {
		return composite(List.of(bytes(), string(), json(mapper)));
	}

	/**
	 * The defaults with a plain {@link JsonMapper} (finds and registers the Jackson modules on the class path).
	 * @return the converter
	 */
	public static KvValueConverter defaults() {
		return defaults(() -> JsonMapper.builder().findAndAddModules().build());
	}

	private enum BytesConverter implements KvValueConverter {

		INSTANCE;

		@Override
		public boolean canConvert(Class<?> type) {
			return type == byte[].class;
		}

		@Override
		public byte[] write(Object value) {
			if (value instanceof byte[] bytes) {
				return bytes;
			}
			throw new KvValueConversionException("Cannot write " + value.getClass().getName() + " as byte[]");
		}

		@Override
		public <T> T read(byte[] data, Class<T> type) {
			return type.cast(data);
		}

	}

	private enum StringConverter implements KvValueConverter {

		INSTANCE;

		@Override
		public boolean canConvert(Class<?> type) {
			return type == String.class;
		}

		@Override
		public byte[] write(Object value) {
			if (value instanceof CharSequence text) {
				return text.toString().getBytes(StandardCharsets.UTF_8);
			}
			throw new KvValueConversionException("Cannot write " + value.getClass().getName() + " as a String");
		}

		@Override
		public <T> T read(byte[] data, Class<T> type) {
			return type.cast(new String(data, StandardCharsets.UTF_8));
		}

	}

	private record JsonConverter(Supplier<JsonMapper> mapper) implements KvValueConverter {

		@Override
		public boolean canConvert(Class<?> type) {
			return true;
		}

		@Override
		public byte[] write(Object value) {
			try {
				return this.mapper.get().writeValueAsBytes(value);
			}
			catch (JacksonException ex) {
				throw new KvValueConversionException(
						"Cannot write " + value.getClass().getName() + " as JSON: " + ex.getOriginalMessage(), ex);
			}
		}

		@Override
		public <T> T read(byte[] data, Class<T> type) {
			try {
				T value = this.mapper.get().readValue(data, type);
				if (value == null) {
					throw new KvValueConversionException("JSON 'null' cannot be read as " + type.getName());
				}
				return value;
			}
			catch (JacksonException ex) {
				throw new KvValueConversionException(
						"Cannot read JSON as " + type.getName() + ": " + ex.getOriginalMessage(), ex);
			}
		}

	}

	private record CompositeConverter(List<KvValueConverter> converters) implements KvValueConverter {

		@Override
		public boolean canConvert(Class<?> type) {
			return this.converters.stream().anyMatch((converter) -> converter.canConvert(type));
		}

		@Override
		public byte[] write(Object value) {
			return converterFor(value.getClass()).write(value);
		}

		@Override
		public <T> T read(byte[] data, Class<T> type) {
			return converterFor(type).read(data, type);
		}

		private KvValueConverter converterFor(Class<?> type) {
			for (KvValueConverter converter : this.converters) {
				if (converter.canConvert(type)) {
					return converter;
				}
			}
			throw new KvValueConversionException("No converter for " + type.getName() + " among " + this.converters);
		}

	}

}
