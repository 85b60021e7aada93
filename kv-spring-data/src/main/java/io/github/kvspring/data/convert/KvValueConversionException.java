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
	 * Creates an exception with a message.
	 * @param message what could not be converted, and to what
	 */
	public KvValueConversionException(String message) {
		super(message);
	}

}
