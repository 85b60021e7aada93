package io.github.kvspring.test;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.kvspring.server.NatsCluster;
import io.github.kvspring.server.NatsServer;
import io.github.kvspring.server.NatsServerBinaries;
import org.jspecify.annotations.Nullable;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The servers and clusters of a test run, so that the JUnit extension and the Spring context customizer
 * hand a test class the same one whichever of them asks first.
 */
final class TestNatsServers {

	private static volatile @Nullable NatsServer shared;

	private static final Map<Class<?>, NatsServer> isolated = new ConcurrentHashMap<>();

	private static final Map<Class<?>, NatsCluster> clusters = new ConcurrentHashMap<>();

	private TestNatsServers() {
	}

	/**
	 * The server of the class that carries {@link WithNatsServer}: the shared one, or its own.
	 * @param owner the annotated class
	 * @param annotation its annotation
	 * @return the running server
	 */
	static NatsServer server(Class<?> owner, WithNatsServer annotation) {
		if (!annotation.debianSuite().isEmpty()) {
			return isolated.computeIfAbsent(owner, (key) -> NatsServer.builder()
				.compatibilityTestBinary(NatsServerBinaries.findInDebianSuite(annotation.debianSuite()))
				.start());
		}
		return annotation.isolated() ? isolated.computeIfAbsent(owner, (key) -> NatsServer.startJetStream())
				: shared();
	}

	/**
	 * Whether the class's server is its own rather than the shared one.
	 * @param annotation the class's annotation
	 * @return whether the server belongs to the class alone
	 */
	static boolean isIsolated(WithNatsServer annotation) {
		return annotation.isolated() || !annotation.debianSuite().isEmpty();
	}

	/**
	 * The cluster of the class that carries {@link WithNatsCluster}.
	 * @param owner the annotated class
	 * @param annotation its annotation
	 * @return the running cluster
	 */
	static NatsCluster cluster(Class<?> owner, WithNatsCluster annotation) {
		return clusters.computeIfAbsent(owner, (key) -> NatsCluster.start(annotation.nodes()));
	}

	/**
	 * Stops and deletes whatever server or cluster belongs to the class alone; the shared server stays.
	 * @param owner the annotated class
	 */
	static void release(Class<?> owner) {
		NatsServer server = isolated.remove(owner);
		if (server != null) {
			server.close();
		}
		NatsCluster cluster = clusters.remove(owner);
		if (cluster != null) {
			cluster.close();
		}
	}

	private static NatsServer shared() {
		NatsServer server = shared;
		if (server == null) {
			synchronized (TestNatsServers.class) {
				server = shared;
				if (server == null) {
					// Stopped and deleted by the server module's shutdown hook when the test JVM ends.
					server = NatsServer.startJetStream();
					shared = server;
				}
			}
		}
		return server;
	}

	/**
	 * The annotation of a class found by {@link #annotatedClass}, directly or as a meta-annotation (of a test
	 * slice, for example).
	 * @param <A> the annotation type
	 * @param owner the annotated class
	 * @param annotationType the annotation type
	 * @return the annotation
	 */
	static <A extends java.lang.annotation.Annotation> A annotation(Class<?> owner, Class<A> annotationType) {
		return AnnotationSupport.findAnnotation(owner, annotationType)
			.orElseThrow(() -> new IllegalStateException(owner.getName() + " has no @" + annotationType.getSimpleName()));
	}

	/**
	 * The class, among the given one and its enclosing classes, that carries the annotation (directly or as a
	 * meta-annotation).
	 * @param testClass the test class (possibly a nested one)
	 * @param annotationType the annotation to look for
	 * @return the annotated class, or {@code null}
	 */
	static @Nullable Class<?> annotatedClass(Class<?> testClass, Class<? extends java.lang.annotation.Annotation> annotationType) {
		for (Class<?> candidate = testClass; candidate != null; candidate = candidate.getEnclosingClass()) {
			if (AnnotationSupport.isAnnotated(candidate, annotationType)) {
				return candidate;
			}
		}
		return null;
	}

}
