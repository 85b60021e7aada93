package io.github.kvspring.data.core;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.UncategorizedDataAccessException;

/**
 * A NATS failure with no more specific translation; the jnats exception is the cause.
 */
public class UncategorizedKvException extends UncategorizedDataAccessException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what failed
	 * @param cause the jnats failure
	 */
	public UncategorizedKvException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
