package io.github.kvspring.devserver;

import org.jspecify.annotations.Nullable;

/**
 * Properties of the development server ({@code nats.dev-server.*}), bound before the context is refreshed.
 */
public class NatsDevServerProperties {

	/**
	 * Whether a local server is started when no nats.servers is configured.
	 */
	private boolean enabled = true;

	/**
	 * Client port of the local server; a free one when the port is taken or 0.
	 */
	private int port = 4222;

	/**
	 * Folder of the server's configuration, log and JetStream data; target/nats-dev-server (or
	 * build/nats-dev-server for Gradle builds) when not set.
	 */
	private @Nullable String dataDirectory;

	/**
	 * Whether the data survive between runs; when false they live in a temporary folder deleted on shutdown.
	 */
	private boolean keepData = true;

	/**
	 * Whether no server is started while tests run (tests bring their own, for example with @WithNatsServer).
	 */
	private boolean skipInTests = true;

	/**
	 * Returns whether a local server is started when no nats.servers is configured.
	 * @return the value
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Sets whether a local server is started when no nats.servers is configured.
	 * @param enabled the new value
	 */
	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	/**
	 * Returns the client port of the local server; a free one when the port is taken or 0.
	 * @return the value
	 */
	public int getPort() {
		return this.port;
	}

	/**
	 * Sets the client port of the local server; a free one when the port is taken or 0.
	 * @param port the new value
	 */
	public void setPort(int port) {
		this.port = port;
	}

	/**
	 * Returns the dataDirectory.
	 * @return the value
	 */
	public @Nullable String getDataDirectory() {
		return this.dataDirectory;
	}

	/**
	 * Sets the dataDirectory.
	 * @param dataDirectory the new value
	 */
	public void setDataDirectory(@Nullable String dataDirectory) {
		this.dataDirectory = dataDirectory;
	}

	/**
	 * Returns whether the data survive between runs; when false they live in a temporary folder deleted on shutdown.
	 * @return the value
	 */
	public boolean isKeepData() {
		return this.keepData;
	}

	/**
	 * Sets whether the data survive between runs; when false they live in a temporary folder deleted on shutdown.
	 * @param keepData the new value
	 */
	public void setKeepData(boolean keepData) {
		this.keepData = keepData;
	}

	/**
	 * Returns whether no server is started while tests run (tests bring their own, for example with @WithNatsServer).
	 * @return the value
	 */
	public boolean isSkipInTests() {
		return this.skipInTests;
	}

	/**
	 * Sets whether no server is started while tests run (tests bring their own, for example with @WithNatsServer).
	 * @param skipInTests the new value
	 */
	public void setSkipInTests(boolean skipInTests) {
		this.skipInTests = skipInTests;
	}

}
