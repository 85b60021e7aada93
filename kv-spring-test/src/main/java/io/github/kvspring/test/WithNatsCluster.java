package io.github.kvspring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class against a real local JetStream cluster (nodes {@code n1}, {@code n2}, … on
 * 127.0.0.1), started before the class and stopped after it. Tests receive it as a
 * {@link io.github.kvspring.server.NatsCluster} parameter, to kill or restart a node; a Spring test context
 * receives every node's URL as the {@value NatsServerContextCustomizerFactory#SERVERS_PROPERTY} property.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(NatsServerExtension.class)
public @interface WithNatsCluster {

	/**
	 * The number of nodes.
	 * @return the cluster size
	 */
	int nodes() default 3;

}
