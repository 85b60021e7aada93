package io.github.kvspring.server;

/**
 * Thrown when no supported {@code nats-server} binary can be found or provisioned. Its message is one line
 * that says how to install one.
 */
public class NatsServerNotFoundException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception with the given one-line message.
	 * @param message what was looked at and how to install nats-server
	 */
	public NatsServerNotFoundException(String message) {
		super(message);
	}

	/**
	 * Creates an exception with the given one-line message and cause.
	 * @param message what was looked at and how to install nats-server
	 * @param cause the failure that stopped provisioning
	 */
	public NatsServerNotFoundException(String message, Throwable cause) {
		super(message, cause);
	}

}
