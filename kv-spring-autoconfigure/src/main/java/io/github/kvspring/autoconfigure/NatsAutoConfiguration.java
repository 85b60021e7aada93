package io.github.kvspring.autoconfigure;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.Resource;

/**
 * Auto-configures a jnats {@link Connection} from {@code nats.*} (or a {@link NatsConnectionDetails} bean),
 * reconnecting forever with a short wait by default, drained and closed on shutdown. A {@code Connection} bean
 * defined elsewhere (by the application or another NATS starter) is used instead.
 */
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration")
@ConditionalOnClass(Connection.class)
@EnableConfigurationProperties(NatsProperties.class)
public final class NatsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	NatsConnectionDetails natsConnectionDetails(NatsProperties properties, ObjectProvider<SslBundles> sslBundles) {
		return new PropertiesNatsConnectionDetails(properties, sslBundles.getIfAvailable());
	}

	@Bean(destroyMethod = "")
	@ConditionalOnMissingBean
	Connection natsConnection(NatsProperties properties, NatsConnectionDetails connectionDetails,
			ObjectProvider<NatsOptionsBuilderCustomizer> customizers) {
		Options.Builder builder = optionsBuilder(properties, connectionDetails);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		try {
			return Nats.connect(builder.build());
		}
		catch (IOException ex) {
			throw new NatsConnectionException(connectionDetails.getServers(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new NatsConnectionException(connectionDetails.getServers(), ex);
		}
	}

	@Bean
	@ConditionalOnMissingBean
	NatsConnectionCloser natsConnectionCloser(Connection connection, NatsProperties properties) {
		return new NatsConnectionCloser(connection, properties.getDrainTimeout());
	}

	static Options.Builder optionsBuilder(NatsProperties properties, NatsConnectionDetails details) {
		Options.Builder builder = Options.builder();
		try {
			builder.servers(details.getServers().toArray(String[]::new));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidNatsPropertyException("nats.servers", NatsConnectionException.mask(details.getServers())
					+ " holds a value that is not a server URL (nats://host:port, tls://host:port or host:port): "
					+ NatsConnectionException.mask(String.valueOf(ex.getMessage())));
		}
		builder.connectionTimeout(properties.getConnectionTimeout())
			.reconnectWait(properties.getReconnectWait())
			.maxReconnects(properties.getMaxReconnects())
			.pingInterval(properties.getPingInterval());
		if (properties.getConnectionName() != null) {
			builder.connectionName(properties.getConnectionName());
		}
		if (properties.getInboxPrefix() != null) {
			builder.inboxPrefix(properties.getInboxPrefix());
		}
		String username = details.getUsername();
		if (username != null) {
			String password = details.getPassword();
			builder.userInfo(username.toCharArray(), (password != null) ? password.toCharArray() : new char[0]);
		}
		String token = details.getToken();
		if (token != null) {
			builder.token(token.toCharArray());
		}
		Resource credentials = properties.getCredentials();
		if (credentials != null) {
			try {
				builder.authHandler(Nats.staticCredentials(credentials.getContentAsByteArray()));
			}
			catch (IOException ex) {
				throw new IllegalStateException("Could not read nats.credentials from " + credentials.getDescription(),
						ex);
			}
		}
		else if (properties.getNkeySeed() != null) {
			builder.authHandler(new NKeySeedAuthHandler(properties.getNkeySeed()));
		}
		SslBundle ssl = details.getSslBundle();
		if (ssl != null) {
			builder.sslContext(ssl.createSslContext());
		}
		return builder;
	}

	/**
	 * Drains the connection (pending requests and subscriptions finish) and closes it when the context closes,
	 * after every bean that uses it.
	 */
	static final class NatsConnectionCloser implements DisposableBean {

		private final Connection connection;

		private final Duration drainTimeout;

		NatsConnectionCloser(Connection connection, Duration drainTimeout) {
			this.connection = connection;
			this.drainTimeout = drainTimeout;
		}

		@Override
		public void destroy() throws InterruptedException {
			if (this.connection.getStatus() == Connection.Status.CONNECTED) {
				try {
					this.connection.drain(this.drainTimeout).get(this.drainTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
				}
				catch (ExecutionException | TimeoutException | IllegalStateException ex) {
					// Closing below ends whatever did not drain in time.
				}
			}
			this.connection.close();
		}

	}

}
