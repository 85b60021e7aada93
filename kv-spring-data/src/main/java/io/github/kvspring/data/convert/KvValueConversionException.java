package io.github.kvspring.data.convert;

import org.springframework.dao.TypeMismatchDataAccessException;

/**
 * A value that could not be converted to or from the bytes of a KV entry.
 */
public class KvValueConversionException extends TypeMismatchDataAccessException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception with a message and the converter's failure.
	 * @param message what could not be converted, and to what
	 * @param cause the converter's failure
	 */
	public KvValueConversionException(String message, Throwable cause) {
		super(message, cause);
	}

	/**
	 * A stored value that could not be read, naming where it is stored.
	 * @param bucket the bucket
	 * @param key the key
	 * @param revision the revision of the value
	 * @param type the type it was read as
	 * @param cause the converter's failure
	 * @return the exception
	 */
	public static KvValueConversionException reading(String bucket, String key, long revision, Class<?> type,
			Throwable cause) {
		return new KvValueConversionException("Value of key '" + key + "' at revision " + revision + " in bucket '"
				+ bucket + "' cannot be read as " + type.getName() + ": " + cause.getMessage(), cause);
	}

	/**
	 * Creates an exception with a message.
	 * @param message what could not be converted, and to what
	 */
	public KvValueConversionException(String message) {
		super(message);
	}

}
