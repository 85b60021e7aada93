package io.github.kvspring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * Configuration properties of the NATS connection.
 */
@ConfigurationProperties("nats")
public class NatsProperties {

	/**
	 * NATS server URLs; with several, the client fails over between them.
	 */
	private List<String> servers = new ArrayList<>(List.of("nats://localhost:4222"));

	/**
	 * Name of the connection, shown in the server's monitoring.
	 */
	private @Nullable String connectionName;

	/**
	 * Login user.
	 */
	private @Nullable String username;

	/**
	 * Login password.
	 */
	private @Nullable String password;

	/**
	 * Authentication token.
	 */
	private @Nullable String token;

	/**
	 * Credentials file (user JWT and nkey seed) for decentralized authentication.
	 */
	private @Nullable Resource credentials;

	/**
	 * NKey seed for nkey authentication.
	 */
	private @Nullable String nkeySeed;

	/**
	 * Timeout for connecting to a server.
	 */
	private Duration connectionTimeout = Duration.ofSeconds(2);

	/**
	 * Wait between reconnect attempts to the same server.
	 */
	private Duration reconnectWait = Duration.ofMillis(250);

	/**
	 * Reconnect attempts before the connection closes for good; -1 to reconnect forever (listeners survive).
	 */
	private int maxReconnects = -1;

	/**
	 * Interval between pings that detect a dead server.
	 */
	private Duration pingInterval = Duration.ofMinutes(2);

	/**
	 * Prefix of the connection's reply subjects, for accounts that restrict inboxes.
	 */
	private @Nullable String inboxPrefix;

	/**
	 * Timeout for draining the connection on shutdown before closing it.
	 */
	private Duration drainTimeout = Duration.ofSeconds(5);

	/**
	 * TLS settings.
	 */
	private final Ssl ssl = new Ssl();

	/**
	 * JetStream settings.
	 */
	private final JetStream jetstream = new JetStream();
	/**
	 * Returns the NATS server URLs; with several, the client fails over between them.
	 * @return the value
	 */
	public List<String> getServers() {
		return this.servers;
	}
	/**
	 * Sets the NATS server URLs; with several, the client fails over between them.
	 * @param servers the new value
	 */
	public void setServers(List<String> servers) {
		this.servers = servers;
	}
	/**
	 * Returns the name of the connection, shown in the server's monitoring.
	 * @return the value
	 */
	public @Nullable String getConnectionName() {
		return this.connectionName;
	}
	/**
	 * Sets the name of the connection, shown in the server's monitoring.
	 * @param connectionName the new value
	 */
	public void setConnectionName(@Nullable String connectionName) {
		this.connectionName = connectionName;
	}
	/**
	 * Returns the login user.
	 * @return the value
	 */
	public @Nullable String getUsername() {
		return this.username;
	}
	/**
	 * Sets the login user.
	 * @param username the new value
	 */
	public void setUsername(@Nullable String username) {
		this.username = username;
	}
	/**
	 * Returns the login password.
	 * @return the value
	 */
	public @Nullable String getPassword() {
		return this.password;
	}
	/**
	 * Sets the login password.
	 * @param password the new value
	 */
	public void setPassword(@Nullable String password) {
		this.password = password;
	}
	/**
	 * Returns the authentication token.
	 * @return the value
	 */
	public @Nullable String getToken() {
		return this.token;
	}
	/**
	 * Sets the authentication token.
	 * @param token the new value
	 */
	public void setToken(@Nullable String token) {
		this.token = token;
	}
	/**
	 * Returns the credentials file (user JWT and nkey seed) for decentralized authentication.
	 * @return the value
	 */
	public @Nullable Resource getCredentials() {
		return this.credentials;
	}
	/**
	 * Sets the credentials file (user JWT and nkey seed) for decentralized authentication.
	 * @param credentials the new value
	 */
	public void setCredentials(@Nullable Resource credentials) {
		this.credentials = credentials;
	}
	/**
	 * Returns the NKey seed for nkey authentication.
	 * @return the value
	 */
	public @Nullable String getNkeySeed() {
		return this.nkeySeed;
	}
	/**
	 * Sets the NKey seed for nkey authentication.
	 * @param nkeySeed the new value
	 */
	public void setNkeySeed(@Nullable String nkeySeed) {
		this.nkeySeed = nkeySeed;
	}
	/**
	 * Returns the timeout for connecting to a server.
	 * @return the value
	 */
	public Duration getConnectionTimeout() {
		return this.connectionTimeout;
	}
	/**
	 * Sets the timeout for connecting to a server.
	 * @param connectionTimeout the new value
	 */
	public void setConnectionTimeout(Duration connectionTimeout) {
		this.connectionTimeout = connectionTimeout;
	}
	/**
	 * Returns the wait between reconnect attempts to the same server.
	 * @return the value
	 */
	public Duration getReconnectWait() {
		return this.reconnectWait;
	}
	/**
	 * Sets the wait between reconnect attempts to the same server.
	 * @param reconnectWait the new value
	 */
	public void setReconnectWait(Duration reconnectWait) {
		this.reconnectWait = reconnectWait;
	}
	/**
	 * Returns the reconnect attempts before the connection closes for good; -1 to reconnect forever (listeners survive).
	 * @return the value
	 */
	public int getMaxReconnects() {
		return this.maxReconnects;
	}
	/**
	 * Sets the reconnect attempts before the connection closes for good; -1 to reconnect forever (listeners survive).
	 * @param maxReconnects the new value
	 */
	public void setMaxReconnects(int maxReconnects) {
		this.maxReconnects = maxReconnects;
	}
	/**
	 * Returns the interval between pings that detect a dead server.
	 * @return the value
	 */
	public Duration getPingInterval() {
		return this.pingInterval;
	}
	/**
	 * Sets the interval between pings that detect a dead server.
	 * @param pingInterval the new value
	 */
	public void setPingInterval(Duration pingInterval) {
		this.pingInterval = pingInterval;
	}
	/**
	 * Returns the prefix of the connection's reply subjects, for accounts that restrict inboxes.
	 * @return the value
	 */
	public @Nullable String getInboxPrefix() {
		return this.inboxPrefix;
	}
	/**
	 * Sets the prefix of the connection's reply subjects, for accounts that restrict inboxes.
	 * @param inboxPrefix the new value
	 */
	public void setInboxPrefix(@Nullable String inboxPrefix) {
		this.inboxPrefix = inboxPrefix;
	}
	/**
	 * Returns the timeout for draining the connection on shutdown before closing it.
	 * @return the value
	 */
	public Duration getDrainTimeout() {
		return this.drainTimeout;
	}
	/**
	 * Sets the timeout for draining the connection on shutdown before closing it.
	 * @param drainTimeout the new value
	 */
	public void setDrainTimeout(Duration drainTimeout) {
		this.drainTimeout = drainTimeout;
	}
	/**
	 * Returns the TLS settings.
	 * @return the value
	 */
	public Ssl getSsl() {
		return this.ssl;
	}
	/**
	 * Returns the JetStream settings.
	 * @return the value
	 */
	public JetStream getJetstream() {
		return this.jetstream;
	}

	/**
	 * TLS properties.
	 */
	public static class Ssl {

		/**
		 * Name of the SSL bundle (spring.ssl.bundle.*) the connection uses for TLS.
		 */
		private @Nullable String bundle;
		/**
		 * Returns the name of the SSL bundle (spring.ssl.bundle.*) the connection uses for TLS.
		 * @return the value
		 */
		public @Nullable String getBundle() {
			return this.bundle;
		}
		/**
		 * Sets the name of the SSL bundle (spring.ssl.bundle.*) the connection uses for TLS.
		 * @param bundle the new value
		 */
		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

	}

	/**
	 * JetStream properties.
	 */
	public static class JetStream {

		/**
		 * JetStream domain, for leaf nodes and hub-and-spoke deployments; exclusive with the API prefix.
		 */
		private @Nullable String domain;

		/**
		 * JetStream API prefix, for accounts that import another account's JetStream.
		 */
		private @Nullable String apiPrefix;

		/**
		 * Timeout of a JetStream request; the connection timeout when not set.
		 */
		private @Nullable Duration requestTimeout;
		/**
		 * Returns the JetStream domain, for leaf nodes and hub-and-spoke deployments; exclusive with the API prefix.
		 * @return the value
		 */
		public @Nullable String getDomain() {
			return this.domain;
		}
		/**
		 * Sets the JetStream domain, for leaf nodes and hub-and-spoke deployments; exclusive with the API prefix.
		 * @param domain the new value
		 */
		public void setDomain(@Nullable String domain) {
			this.domain = domain;
		}
		/**
		 * Returns the JetStream API prefix, for accounts that import another account's JetStream.
		 * @return the value
		 */
		public @Nullable String getApiPrefix() {
			return this.apiPrefix;
		}
		/**
		 * Sets the JetStream API prefix, for accounts that import another account's JetStream.
		 * @param apiPrefix the new value
		 */
		public void setApiPrefix(@Nullable String apiPrefix) {
			this.apiPrefix = apiPrefix;
		}
		/**
		 * Returns the timeout of a JetStream request; the connection timeout when not set.
		 * @return the value
		 */
		public @Nullable Duration getRequestTimeout() {
			return this.requestTimeout;
		}
		/**
		 * Sets the timeout of a JetStream request; the connection timeout when not set.
		 * @param requestTimeout the new value
		 */
		public void setRequestTimeout(@Nullable Duration requestTimeout) {
			this.requestTimeout = requestTimeout;
		}

	}

}
