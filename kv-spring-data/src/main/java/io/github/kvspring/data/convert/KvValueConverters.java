package io.github.kvspring.data.convert;

import java.nio.charset.StandardCharsets;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.Assert;

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
		return new JsonConverter(mapper);
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
	 * The defaults with a plain {@link JsonMapper} (finds and registers the Jackson modules on the class path).
	 * @return the converter
	 */
	public static KvValueConverter defaults() {
		return defaults(JsonMapper.builder().findAndAddModules().build());
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

	private record JsonConverter(JsonMapper mapper) implements KvValueConverter {

		@Override
		public boolean canConvert(Class<?> type) {
			return true;
		}

		@Override
		public byte[] write(Object value) {
			try {
				return this.mapper.writeValueAsBytes(value);
			}
			catch (JacksonException ex) {
				throw new KvValueConversionException(
						"Cannot write " + value.getClass().getName() + " as JSON: " + ex.getOriginalMessage(), ex);
			}
		}

		@Override
		public <T> T read(byte[] data, Class<T> type) {
			try {
				T value = this.mapper.readValue(data, type);
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
