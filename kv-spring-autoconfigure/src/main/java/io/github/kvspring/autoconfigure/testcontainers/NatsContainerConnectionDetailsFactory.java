package io.github.kvspring.autoconfigure.testcontainers;

import java.util.List;

import io.github.kvspring.autoconfigure.NatsConnectionDetails;
import org.jspecify.annotations.Nullable;
import org.testcontainers.containers.Container;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;

/**
 * Gives {@code @ServiceConnection} containers of the {@code nats} image (started with {@code -js}) to the
 * auto-configured connection: {@code nats://<host>:<mapped 4222>}.
 */
class NatsContainerConnectionDetailsFactory
		extends ContainerConnectionDetailsFactory<Container<?>, NatsConnectionDetails> {

	/**
	 * The client port inside the container.
	 */
	static final int CLIENT_PORT = 4222;

	NatsContainerConnectionDetailsFactory() {
		super("nats");
	}

	@Override
	protected NatsConnectionDetails getContainerConnectionDetails(ContainerConnectionSource<Container<?>> source) {
		return new NatsContainerConnectionDetails(source);
	}

	/**
	 * The client URL of a running container.
	 * @param container the container
	 * @return the URL
	 */
	static String url(Container<?> container) {
		return "nats://" + container.getHost() + ":" + container.getMappedPort(CLIENT_PORT);
	}

	/**
	 * Connection details of a container.
	 */
	static final class NatsContainerConnectionDetails extends ContainerConnectionDetails<Container<?>>
			implements NatsConnectionDetails {

		NatsContainerConnectionDetails(ContainerConnectionSource<Container<?>> source) {
			super(source);
		}

		@Override
		public List<String> getServers() {
			return List.of(url(getContainer()));
		}

		@Override
		public @Nullable SslBundle getSslBundle() {
			return super.getSslBundle();
		}

	}

}
