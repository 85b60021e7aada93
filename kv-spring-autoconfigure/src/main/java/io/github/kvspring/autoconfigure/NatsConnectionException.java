package io.github.kvspring.autoconfigure;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The auto-configured connection could not be opened. Its message names the servers with any user info (user,
 * password or token inside a URL) masked.
 */
public class NatsConnectionException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** The servers tried, masked. */
	private final List<String> servers;

	/**
	 * Creates an exception.
	 * @param servers the servers tried
	 * @param cause why the connection failed
	 */
	public NatsConnectionException(List<String> servers, Throwable cause) {
		super("Could not connect to NATS at " + mask(servers) + ": " + cause.getClass().getSimpleName()
				+ ((cause.getMessage() != null) ? " " + cause.getMessage() : ""), cause);
		this.servers = mask(servers);
	}

	/**
	 * The servers tried, with user info masked.
	 * @return the servers
	 */
	public List<String> getServers() {
		return this.servers;
	}

	/**
	 * The servers with any user info (between {@code //} and {@code @}) replaced by {@code ***}.
	 * @param servers server URLs
	 * @return the masked URLs
	 */
	public static List<String> mask(List<String> servers) {
		return servers.stream().map(NatsConnectionException::mask).collect(Collectors.toList());
	}

	private static String mask(String url) {
		int scheme = url.indexOf("//");
		int at = url.lastIndexOf('@');
		return (at > scheme) ? url.substring(0, scheme + 2) + "***" + url.substring(at) : url;
	}

}
