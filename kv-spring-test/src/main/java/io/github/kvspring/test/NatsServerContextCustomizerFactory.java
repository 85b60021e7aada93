package io.github.kvspring.test;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;

/**
 * Gives the Spring test context of a class annotated with {@link WithNatsServer} or {@link WithNatsCluster}
 * the URL of its server or cluster. Registered in {@code META-INF/spring.factories}.
 */
public final class NatsServerContextCustomizerFactory implements ContextCustomizerFactory {

	/**
	 * The property that receives the server URLs (comma-separated for a cluster), the one the auto-configuration
	 * reads.
	 */
	public static final String SERVERS_PROPERTY = "nats.servers";

	/**
	 * Creates the factory; Spring's test framework does this through {@code spring.factories}.
	 */
	public NatsServerContextCustomizerFactory() {
	}

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		Class<?> clusterOwner = TestNatsServers.annotatedClass(testClass, WithNatsCluster.class);
		if (clusterOwner != null) {
			return new NatsServerContextCustomizer(clusterOwner,
					() -> TestNatsServers.cluster(clusterOwner, TestNatsServers.annotation(clusterOwner, WithNatsCluster.class)).url());
		}
		Class<?> serverOwner = TestNatsServers.annotatedClass(testClass, WithNatsServer.class);
		if (serverOwner != null) {
			WithNatsServer annotation = TestNatsServers.annotation(serverOwner, WithNatsServer.class);
			// Classes on the shared server share one key, so Spring caches one context for all of them.
			return new NatsServerContextCustomizer(TestNatsServers.isIsolated(annotation) ? serverOwner : WithNatsServer.class,
					() -> TestNatsServers.server(serverOwner, annotation).url());
		}
		return null;
	}

}
