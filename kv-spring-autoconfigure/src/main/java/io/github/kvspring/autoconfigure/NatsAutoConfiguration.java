package io.github.kvspring.autoconfigure;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.Resource;
import org.springframework.util.Assert;

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

	/**
	 * The connection, made by a factory bean so that draining and closing it is the connection bean's own destroy
	 * step: Spring runs it after every bean that uses the connection (a {@code @PreDestroy} method that writes
	 * still finds it open). A {@code Connection} defined elsewhere is left alone.
	 */
	@Bean
	@ConditionalOnMissingBean(Connection.class)
	NatsConnectionFactoryBean natsConnection(NatsProperties properties, NatsConnectionDetails connectionDetails,
			ObjectProvider<NatsOptionsBuilderCustomizer> customizers) {
		return new NatsConnectionFactoryBean(() -> {
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
		}, properties.getDrainTimeout());
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
	 * Connects when created; drains the connection (pending requests and subscriptions finish, within the drain
	 * timeout) and closes it when destroyed, which Spring does after every bean that depends on the connection.
	 */
	static final class NatsConnectionFactoryBean implements FactoryBean<Connection>, InitializingBean, DisposableBean {

		private final Supplier<Connection> connect;

		private final Duration drainTimeout;

		private @Nullable Connection connection;

		NatsConnectionFactoryBean(Supplier<Connection> connect, Duration drainTimeout) {
			this.connect = connect;
			this.drainTimeout = drainTimeout;
		}

		@Override
		public void afterPropertiesSet() {
			this.connection = this.connect.get();
		}

		@Override
		public Connection getObject() {
			Connection current = this.connection;
			Assert.state(current != null, "The NATS connection is not made yet");
			return current;
		}

		@Override
		public Class<?> getObjectType() {
			return Connection.class;
		}

		@Override
		public void destroy() throws InterruptedException {
			Connection current = this.connection;
			if (current == null) {
				return;
			}
			if (current.getStatus() == Connection.Status.CONNECTED) {
				try {
					current.drain(this.drainTimeout).get(this.drainTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
				}
				catch (ExecutionException | TimeoutException | IllegalStateException ex) {
					// Closing below ends whatever did not drain in time.
				}
			}
			current.close();
		}

	}

}
