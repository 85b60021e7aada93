package io.github.kvspring.autoconfigure;

/**
 * A {@code nats.*} property whose value cannot be used, named with the rule it breaks; thrown at start-up, before
 * anything is created from it. The message never holds a secret: URLs are shown with their user info masked.
 */
public class InvalidNatsPropertyException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** The property's name. */
	private final String property;

	/** The rule the value breaks. */
	private final String reason;

	/**
	 * Creates the exception.
	 * @param property the property's name, such as {@code nats.kv.buckets.orders.max-value-size}
	 * @param reason the rule the value breaks, with the value where that is safe to show
	 */
	public InvalidNatsPropertyException(String property, String reason) {
		super("Invalid " + property + ": " + reason);
		this.property = property;
		this.reason = reason;
	}

	/**
	 * The property's name.
	 * @return the name
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * The rule the value breaks.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

}
