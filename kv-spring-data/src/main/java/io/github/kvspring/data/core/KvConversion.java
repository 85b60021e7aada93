package io.github.kvspring.data.core;

import io.github.kvspring.data.convert.KvValueConversionException;
import io.github.kvspring.data.convert.KvValueConverter;

import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.util.Assert;

/**
 * A {@link KeyValueTemplate}'s conversion between stored bytes and typed values, through its
 * {@link KvValueConverter}: raw entries become typed {@link KvEntry entries}, values become bytes ({@code byte[]}
 * as they are). A {@code @KvEntity} type is refused with the way to read it, since its id and version are not
 * in the stored value. Failures name the bucket and key.
 */
final class KvConversion {

	/**
	 * Which types are {@code @KvEntity} types, looked up by the annotation's name (this package does not depend
	 * on the mapping).
	 */
	private static final ClassValue<Boolean> ENTITY_TYPES = new ClassValue<>() {

		@Override
		protected Boolean computeValue(Class<?> type) {
			return MergedAnnotations.from(type, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY)
				.isPresent("io.github.kvspring.data.mapping.KvEntity");
		}

	};

	private final KvValueConverter converter;

	KvConversion(KvValueConverter converter) {
		this.converter = converter;
	}

	<T> KvEntry<T> toEntry(String bucket, KvRawEntry raw, Class<T> type) {
		return toEntry(bucket, raw, type, true);
	}

	/**
	 * The typed entry of a raw one.
	 * @param withValue whether to read the value (else the entry has none, as a marker has none)
	 */
	<T> KvEntry<T> toEntry(String bucket, KvRawEntry raw, Class<T> type, boolean withValue) {
		T value = null;
		if (withValue && raw.operation().isPut()) {
			if (ENTITY_TYPES.get(type)) {
				throw new InvalidDataAccessApiUsageException("Key '" + KvMessages.cut(raw.key()) + "' in bucket '"
						+ bucket + "' cannot be read as " + type.getName() + " through KeyValueTemplate: it is a "
						+ "@KvEntity, whose id comes from the key and whose @Version is the revision (neither is "
						+ "read from the stored JSON); read it with its repository or KvEntityTemplate");
			}
			try {
				value = (type == byte[].class) ? type.cast(raw.data()) : this.converter.read(raw.data(), type);
			}
			catch (KvValueConversionException ex) {
				throw KvValueConversionException.reading(bucket, raw.key(), raw.revision(), type, ex);
			}
		}
		return new KvEntry<>(bucket, raw.key(), value, raw.revision(), raw.created(), raw.delta(), raw.operation());
	}

	byte[] serialize(String bucket, String key, Object value) {
		Assert.notNull(value, () -> "Value for key '" + key + "' in bucket '" + bucket
				+ "' must not be null; use delete to remove a key");
		if (value instanceof byte[] bytes) {
			return bytes;
		}
		try {
			return this.converter.write(value);
		}
		catch (KvValueConversionException ex) {
			throw new KvValueConversionException("Value for key '" + key + "' in bucket '" + bucket
					+ "' cannot be written: " + ex.getMessage() + "; nothing was written", ex);
		}
	}

}
