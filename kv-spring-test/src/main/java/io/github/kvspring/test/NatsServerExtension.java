package io.github.kvspring.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import io.github.kvspring.server.NatsCluster;
import io.github.kvspring.server.NatsServer;
import io.github.kvspring.server.NatsServerNotFoundException;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit extension behind {@link WithNatsServer} and {@link WithNatsCluster}: starts the class's server or
 * cluster before its tests, resolves {@link NatsServer}, {@link NatsCluster} and jnats {@link Connection}
 * parameters (one connection per class, closed after it), and stops what belongs to the class alone after them.
 */
public final class NatsServerExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

	private static final System.Logger logger = System.getLogger(NatsServerExtension.class.getName());

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(NatsServerExtension.class);

	/**
	 * Creates the extension; JUnit does this through the annotations.
	 */
	public NatsServerExtension() {
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		Class<?> testClass = context.getRequiredTestClass();
		try {
			server(testClass);
		}
		catch (NatsServerNotFoundException ex) {
			Class<?> owner = Objects.requireNonNull(TestNatsServers.annotatedClass(testClass, WithNatsServer.class));
			String suite = TestNatsServers.annotation(owner, WithNatsServer.class).debianSuite();
			if (suite.isEmpty()) {
				throw ex;
			}
			// A compatibility test's older server is optional where Debian's package cannot be had; the reason is
			// logged too, since a build's summary shows no reason for a class skipped as a whole.
			String reason = testClass.getSimpleName() + " skipped: no nats-server of Debian " + suite
					+ " for this compatibility test (" + ex.getMessage() + ")";
			logger.log(System.Logger.Level.WARNING, reason);
			Assumptions.abort(reason);
		}
		cluster(testClass);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		Class<?> testClass = context.getRequiredTestClass();
		// A nested class runs inside its enclosing class's resources: only the annotated class releases them.
		if (TestNatsServers.annotatedClass(testClass, WithNatsServer.class) == testClass
				|| TestNatsServers.annotatedClass(testClass, WithNatsCluster.class) == testClass) {
			TestNatsServers.release(testClass);
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Class<?> type = parameterContext.getParameter().getType();
		return type == NatsServer.class || type == NatsCluster.class || type == Connection.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Class<?> testClass = extensionContext.getRequiredTestClass();
		Class<?> type = parameterContext.getParameter().getType();
		if (type == Connection.class) {
			return connection(extensionContext, testClass);
		}
		Object resolved = (type == NatsServer.class) ? server(testClass) : cluster(testClass);
		if (resolved == null) {
			throw new ParameterResolutionException("No " + parameterContext.getParameter().getType().getSimpleName()
					+ " for " + testClass.getName() + ": annotate it with @"
					+ ((parameterContext.getParameter().getType() == NatsServer.class) ? "WithNatsServer"
							: "WithNatsCluster"));
		}
		return resolved;
	}

	/**
	 * One connection per test class (and nested class), to every node of its cluster or to its server, that
	 * reconnects quickly and for ever; closed after the class.
	 */
	private static Connection connection(ExtensionContext context, Class<?> testClass) {
		ExtensionContext classContext = context;
		while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
			classContext = classContext.getParent().get();
		}
		ExtensionContext.Store store = classContext.getStore(NAMESPACE.append(testClass));
		return Objects.requireNonNull(store.getOrComputeIfAbsent("connection", (key) -> {
			NatsCluster cluster = cluster(testClass);
			NatsServer server = server(testClass);
			List<String> urls = (cluster != null) ? cluster.urls()
					: (server != null) ? List.of(server.url()) : List.of();
			if (urls.isEmpty()) {
				throw new ParameterResolutionException(
						"No server for " + testClass.getName() + ": annotate it with @WithNatsServer or @WithNatsCluster");
			}
			// JUnit closes AutoCloseable store values, the connection among them, with the class's context.
			return connect(urls);
		}, Connection.class));
	}

	/**
	 * Connects to the given servers the way tests want: quick reconnects, for ever.
	 * @param urls the server URLs
	 * @return the connection
	 */
	public static Connection connect(List<String> urls) {
		Options options = Options.builder()
			.servers(urls.toArray(String[]::new))
			.connectionTimeout(Duration.ofSeconds(2))
			.reconnectWait(Duration.ofMillis(50))
			.maxReconnects(-1)
			.build();
		try {
			return Nats.connect(options);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not connect to " + urls, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while connecting to " + urls, ex);
		}
	}

	private static @Nullable NatsServer server(Class<?> testClass) {
		Class<?> owner = TestNatsServers.annotatedClass(testClass, WithNatsServer.class);
		return (owner != null) ? TestNatsServers.server(owner, TestNatsServers.annotation(owner, WithNatsServer.class)) : null;
	}

	private static @Nullable NatsCluster cluster(Class<?> testClass) {
		Class<?> owner = TestNatsServers.annotatedClass(testClass, WithNatsCluster.class);
		return (owner != null) ? TestNatsServers.cluster(owner, TestNatsServers.annotation(owner, WithNatsCluster.class)) : null;
	}

}

