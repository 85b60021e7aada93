package io.github.kvspring.test;

import io.github.kvspring.server.NatsCluster;
import io.github.kvspring.server.NatsServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit extension behind {@link WithNatsServer} and {@link WithNatsCluster}: starts the class's server or
 * cluster before its tests, resolves {@link NatsServer} and {@link NatsCluster} parameters, and stops what
 * belongs to the class alone after them.
 */
public final class NatsServerExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

	/**
	 * Creates the extension; JUnit does this through the annotations.
	 */
	public NatsServerExtension() {
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		Class<?> testClass = context.getRequiredTestClass();
		server(testClass);
		cluster(testClass);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		Class<?> testClass = context.getRequiredTestClass();
		// A nested class runs inside its enclosing class's resources: only the annotated class releases them.
		if (testClass.isAnnotationPresent(WithNatsServer.class) || testClass.isAnnotationPresent(WithNatsCluster.class)) {
			TestNatsServers.release(testClass);
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Class<?> type = parameterContext.getParameter().getType();
		return type == NatsServer.class || type == NatsCluster.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Class<?> testClass = extensionContext.getRequiredTestClass();
		Object resolved = (parameterContext.getParameter().getType() == NatsServer.class) ? server(testClass)
				: cluster(testClass);
		if (resolved == null) {
			throw new ParameterResolutionException("No " + parameterContext.getParameter().getType().getSimpleName()
					+ " for " + testClass.getName() + ": annotate it with @"
					+ ((parameterContext.getParameter().getType() == NatsServer.class) ? "WithNatsServer"
							: "WithNatsCluster"));
		}
		return resolved;
	}

	private static @Nullable NatsServer server(Class<?> testClass) {
		Class<?> owner = TestNatsServers.annotatedClass(testClass, WithNatsServer.class);
		return (owner != null) ? TestNatsServers.server(owner, owner.getAnnotation(WithNatsServer.class)) : null;
	}

	private static @Nullable NatsCluster cluster(Class<?> testClass) {
		Class<?> owner = TestNatsServers.annotatedClass(testClass, WithNatsCluster.class);
		return (owner != null) ? TestNatsServers.cluster(owner, owner.getAnnotation(WithNatsCluster.class)) : null;
	}

}
