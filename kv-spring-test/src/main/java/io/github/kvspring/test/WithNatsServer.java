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
 * <p>
 * With {@link #debianSuite()} the class runs against that Debian suite's {@code nats-server} instead, even one
 * older than the project supports, to check what the project does against such a server.
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

	/**
	 * The Debian suite whose {@code nats-server} the class runs against, such as {@code trixie} (2.10, without
	 * atomic batches), for compatibility tests against a server older than the project supports; empty for the
	 * binary every other test uses. The class gets a server of its own (as with {@link #isolated()}) on 127.0.0.1,
	 * stopped and deleted after the class; the binary is provisioned into the per-user cache on first use (see
	 * {@link io.github.kvspring.server.NatsServerBinaries#findInDebianSuite(String)}), and where it cannot be (not
	 * a Debian machine, no network) the class's tests are skipped with the reason.
	 * @return the Debian suite, or empty
	 */
	String debianSuite() default "";

}
