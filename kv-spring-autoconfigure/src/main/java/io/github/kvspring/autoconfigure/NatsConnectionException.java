package io.github.kvspring.autoconfigure;

import java.util.List;
import java.util.regex.Pattern;

import io.nats.client.AuthenticationException;
import org.jspecify.annotations.Nullable;

/**
 * The auto-configured connection could not be opened. Its message, and the sanitized cause it carries, name
 * the servers with any user info (user, password or token inside a URL) masked: jnats puts the URLs as given,
 * secrets included, into its own messages, so its exception is not chained as it is.
 */
public class NatsConnectionException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private static final Pattern USER_INFO = Pattern.compile("(\\w+://)[^@/\\s\\]\\[,]+@");

	/** The servers tried, masked. */
	private final List<String> servers;

	/** Whether the server refused the credentials. */
	private final boolean authenticationFailure;

	/**
	 * Creates an exception.
	 * @param servers the servers tried
	 * @param cause why the connection failed
	 */
	public NatsConnectionException(List<String> servers, Throwable cause) {
		super("Could not connect to NATS at " + mask(servers) + ": " + cause.getClass().getSimpleName()
				+ ((cause.getMessage() != null) ? " " + mask(cause.getMessage()) : ""), sanitized(cause));
		this.servers = mask(servers);
		this.authenticationFailure = cause instanceof AuthenticationException;
	}

	/**
	 * The servers tried, with user info masked.
	 * @return the servers
	 */
	public List<String> getServers() {
		return this.servers;
	}

	/**
	 * Whether the server refused the credentials.
	 * @return whether authentication failed
	 */
	public boolean isAuthenticationFailure() {
		return this.authenticationFailure;
	}

	/**
	 * The servers with any user info replaced by {@code ***}.
	 * @param servers server URLs
	 * @return the masked URLs
	 */
	public static List<String> mask(List<String> servers) {
		return servers.stream().map(NatsConnectionException::mask).toList();
	}

	/**
	 * A text with the user info of every URL in it replaced by {@code ***}.
	 * @param text a text that may hold URLs
	 * @return the masked text
	 */
	public static String mask(String text) {
		return USER_INFO.matcher(text).replaceAll("$1***@");
	}

	private static @Nullable Throwable sanitized(@Nullable Throwable cause) {
		if (cause == null) {
			return null;
		}
		SanitizedCause copy = new SanitizedCause(cause.getClass().getName() + ": "
				+ mask(String.valueOf(cause.getMessage())), sanitized(cause.getCause()));
		copy.setStackTrace(cause.getStackTrace());
		return copy;
	}

	/**
	 * A cause as jnats threw it, its message masked.
	 */
	static final class SanitizedCause extends Exception {

		private static final long serialVersionUID = 1L;

		SanitizedCause(String message, @Nullable Throwable cause) {
			super(message, cause);
		}

	}

}
