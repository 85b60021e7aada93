package io.github.kvspring.devserver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.github.kvspring.autoconfigure.NatsConnectionDetails;
import io.github.kvspring.server.NatsServer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Starts a local JetStream {@code nats-server} (the binary the project's provisioning finds: the
 * {@code KV_SPRING_NATS_SERVER} variable, the PATH, the per-user cache, Debian's package) when an application
 * starts without {@code nats.servers}, hands it to the auto-configuration as {@link NatsConnectionDetails}, keeps
 * its data in the build folder between runs, and stops it with the application. It never starts one while tests
 * run (unless told to) nor in an application packaged as an executable jar; the module is meant as an optional
 * dependency, which Spring Boot's build plugins leave out of the jar anyway.
 */
public class NatsDevServerApplicationListener implements ApplicationListener<ApplicationPreparedEvent>, Ordered {

	/**
	 * The bean name of the running server.
	 */
	public static final String SERVER_BEAN_NAME = "natsDevServer";

	private static final Log logger = LogFactory.getLog(NatsDevServerApplicationListener.class);

	/**
	 * Creates the listener; Spring Boot does this through {@code spring.factories}.
	 */
	public NatsDevServerApplicationListener() {
	}

	@Override
	public void onApplicationEvent(ApplicationPreparedEvent event) {
		ConfigurableApplicationContext context = event.getApplicationContext();
		ConfigurableEnvironment environment = context.getEnvironment();
		NatsDevServerProperties properties = Binder.get(environment)
			.bind("nats.dev-server", NatsDevServerProperties.class)
			.orElseGet(NatsDevServerProperties::new);
		if (!properties.isEnabled() || context.getBeanFactory().containsSingleton(SERVER_BEAN_NAME)) {
			return;
		}
		if (environment.containsProperty("nats.servers")) {
			logger.debug("nats.servers is set: no development server started");
			return;
		}
		if (properties.isSkipInTests() && RunContext.isTest()) {
			logger.debug("Tests are running: no development server started (nats.dev-server.skip-in-tests)");
			return;
		}
		if (RunContext.isPackagedJar()) {
			logger.info("Running from a packaged jar: no development server started; set nats.servers");
			return;
		}
		NatsServer server = start(properties);
		context.getBeanFactory().registerSingleton(SERVER_BEAN_NAME, server);
		context.getBeanFactory().registerSingleton("natsDevServerConnectionDetails",
				NatsConnectionDetails.of(List.of(server.url())));
		context.addApplicationListener((ApplicationListener<ContextClosedEvent>) (closed) -> {
			if (closed.getApplicationContext() == context) {
				stop(server, properties);
			}
		});
	}

	private static NatsServer start(NatsDevServerProperties properties) {
		NatsServer.Builder builder = NatsServer.builder().name("kv-spring-dev-server");
		Path data = properties.isKeepData() ? dataDirectory(properties) : null;
		if (data != null) {
			builder.workDirectory(data);
		}
		NatsServer server;
		try {
			server = builder.port(properties.getPort()).start();
		}
		catch (IllegalStateException ex) {
			logger.info("Port " + properties.getPort() + " is not available (" + String.valueOf(ex.getMessage()).lines().findFirst()
				.orElse("") + "); starting the development server on a free port");
			server = builder.port(0).start();
		}
		logger.info("Started development nats-server " + server.binary().version() + " at " + server.url()
				+ " with JetStream data in " + server.workDirectory()
				+ (properties.isKeepData() ? " (kept between runs)" : " (deleted on shutdown)"));
		return server;
	}

	private static void stop(NatsServer server, NatsDevServerProperties properties) {
		if (properties.isKeepData()) {
			server.stop();
		}
		else {
			server.close();
		}
		logger.info("Stopped development nats-server at " + server.url());
	}

	static Path dataDirectory(NatsDevServerProperties properties) {
		if (properties.getDataDirectory() != null) {
			return Path.of(properties.getDataDirectory()).toAbsolutePath();
		}
		Path base = Files.isDirectory(Path.of("build")) && !Files.isDirectory(Path.of("target")) ? Path.of("build")
				: Path.of("target");
		return base.resolve("nats-dev-server").toAbsolutePath();
	}

	/**
	 * Runs before other listeners of the prepared event, so the connection details exist when the context
	 * refreshes.
	 * @return the order
	 */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 100;
	}

}
