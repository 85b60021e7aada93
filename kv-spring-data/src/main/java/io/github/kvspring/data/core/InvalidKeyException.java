package io.github.kvspring.data.core;

/**
 * A key or key filter that breaks a NATS KV key rule. Raised before anything is sent to the server; its
 * message names the key, cut to a readable length ({@link #getKey()} has all of it), and the rule.
 */
public class InvalidKeyException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	/** The rejected key or filter. */
	private final String key;

	/** The broken rule, in words. */
	private final String rule;

	/**
	 * Creates an exception for the given key and broken rule.
	 * @param key the rejected key or filter
	 * @param rule the rule it breaks, in words
	 */
	public InvalidKeyException(String key, String rule) {
		super("Invalid key '" + KvMessages.cut(key) + "': " + rule);
		this.key = key;
		this.rule = rule;
	}

	/**
	 * The rejected key or filter.
	 * @return the key
	 */
	public String getKey() {
		return this.key;
	}

	/**
	 * The rule the key breaks.
	 * @return the rule, in words
	 */
	public String getRule() {
		return this.rule;
	}

}
