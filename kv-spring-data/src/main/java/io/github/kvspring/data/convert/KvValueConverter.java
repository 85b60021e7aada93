package io.github.kvspring.data.convert;

/**
 * Turns values into the bytes a KV entry stores and back. Implementations must be thread-safe.
 *
 * @see KvValueConverters
 */
public interface KvValueConverter {

	/**
	 * Whether this converter writes and reads values of the given type.
	 * @param type the value type
	 * @return whether {@link #write(Object)} and {@link #read(byte[], Class)} handle it
	 */
	boolean canConvert(Class<?> type);

	/**
	 * Converts a value into the bytes to store.
	 * @param value the value, never {@code null}
	 * @return the bytes
	 * @throws KvValueConversionException if the value cannot be written
	 */
	byte[] write(Object value);

	/**
	 * Converts stored bytes into a value of the given type.
	 * @param <T> the value type
	 * @param data the stored bytes (empty for an empty value)
	 * @param type the value type
	 * @return the value
	 * @throws KvValueConversionException if the bytes cannot be read as that type
	 */
	<T> T read(byte[] data, Class<T> type);

}
