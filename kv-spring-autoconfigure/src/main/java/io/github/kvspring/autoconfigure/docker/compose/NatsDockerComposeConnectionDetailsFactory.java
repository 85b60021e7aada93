package io.github.kvspring.autoconfigure.docker.compose;

import java.util.List;

import io.github.kvspring.autoconfigure.NatsConnectionDetails;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.docker.compose.core.ImageReference;
import org.springframework.boot.docker.compose.core.RunningService;
import org.springframework.boot.docker.compose.service.connection.DockerComposeConnectionDetailsFactory;
import org.springframework.boot.docker.compose.service.connection.DockerComposeConnectionSource;
import org.springframework.boot.ssl.SslBundle;

/**
 * Gives a {@code nats} service of the application's Docker Compose file (started with {@code -js}) to the
 * auto-configured connection: {@code nats://<host>:<port mapped to 4222>}.
 * <p>
 * A service is a NATS service when its image is the official {@code nats} one ({@code nats}, {@code nats:2.11},
 * {@code docker.io/library/nats}) or any image whose last path segment is {@code nats}
 * ({@code ghcr.io/acme/nats}), or when its {@code org.springframework.boot.service-connection} label says
 * {@code nats} — the label also takes a {@code nats} image away by naming something else.
 * <p>
 * The details carry no user, password or token: the official image reads none from its environment (its entry
 * point hands the command line to {@code nats-server}, which takes credentials from flags or a configuration
 * file), so there is nothing reliable to read. A service that requires authentication is left to the
 * {@code nats.*} properties by labelling it {@code org.springframework.boot.ignore: true}. TLS comes from Spring
 * Boot's {@code org.springframework.boot.sslbundle.*} labels, as for Spring Boot's own services.
 */
class NatsDockerComposeConnectionDetailsFactory extends DockerComposeConnectionDetailsFactory<NatsConnectionDetails> {

	/**
	 * The client port inside the container.
	 */
	static final int CLIENT_PORT = 4222;

	/**
	 * The label that names the kind of service whatever its image, read as Spring Boot's own factories read it.
	 */
	static final String SERVICE_CONNECTION_LABEL = "org.springframework.boot.service-connection";

	private static final String IMAGE_NAME = "nats";

	NatsDockerComposeConnectionDetailsFactory() {
		super(NatsDockerComposeConnectionDetailsFactory::isNatsService);
	}

	@Override
	protected NatsConnectionDetails getDockerComposeConnectionDetails(DockerComposeConnectionSource source) {
		return new NatsDockerComposeConnectionDetails(source.getRunningService());
	}

	private static boolean isNatsService(DockerComposeConnectionSource source) {
		return isNatsService(source.getRunningService());
	}

	/**
	 * Whether a service runs NATS: its {@code service-connection} label or else its image names {@code nats},
	 * alone or as the last path segment.
	 * @param service the running service
	 * @return whether the service is a NATS server
	 */
	static boolean isNatsService(RunningService service) {
		String label = service.labels().get(SERVICE_CONNECTION_LABEL);
		String name = (label != null) ? ImageReference.of(label).getName() : service.image().getName();
		return name.equals(IMAGE_NAME) || name.endsWith("/" + IMAGE_NAME);
	}

	/**
	 * The client URL of a running service.
	 * @param service the running service
	 * @return the URL
	 */
	static String url(RunningService service) {
		String host = service.host();
		if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
			host = "[" + host + "]";
		}
		return "nats://" + host + ":" + service.ports().get(CLIENT_PORT);
	}

	/**
	 * Connection details of a running service.
	 */
	static final class NatsDockerComposeConnectionDetails extends DockerComposeConnectionDetails
			implements NatsConnectionDetails {

		private final List<String> servers;

		private final @Nullable SslBundle sslBundle;

		NatsDockerComposeConnectionDetails(RunningService service) {
			super(service);
			this.servers = List.of(url(service));
			this.sslBundle = getSslBundle(service);
		}

		@Override
		public List<String> getServers() {
			return this.servers;
		}

		@Override
		public @Nullable SslBundle getSslBundle() {
			return this.sslBundle;
		}

	}

}
