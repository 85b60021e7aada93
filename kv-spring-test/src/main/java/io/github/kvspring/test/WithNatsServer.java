package io.github.kvspring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class against a real local JetStream {@code nats-server}.
 * <p>
 * By default the class shares one server with every other such class of the test run (it starts on first use
 * and stops when the JVM ends), which keeps suites fast and lets Spring cache their contexts. With
 * {@link #isolated()} the class gets a server of its own, stopped and deleted after the class, for tests that
 * stop, kill or restart it. Test methods, constructors and lifecycle methods receive the server as a
 * {@link io.github.kvspring.server.NatsServer} parameter; a Spring test context receives its URL as the
 * {@value NatsServerContextCustomizerFactory#SERVERS_PROPERTY} property, with no {@code @DynamicPropertySource}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(NatsServerExtension.class)
public @interface WithNatsServer {

	/**
	 * Whether the class gets a server of its own instead of the suite's shared one.
	 * @return whether the server is isolated to the class
	 */
	boolean isolated() default false;

}
