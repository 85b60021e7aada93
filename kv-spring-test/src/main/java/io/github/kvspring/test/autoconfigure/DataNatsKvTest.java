package io.github.kvspring.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.github.kvspring.test.WithNatsServer;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.autoconfigure.OverrideAutoConfiguration;
import org.springframework.boot.test.context.filter.annotation.TypeExcludeFilters;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.BootstrapWith;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * A test of the KV layer of a Spring Boot application: only the NATS and KV auto-configuration (connection,
 * buckets, template, repositories, listeners) is applied, regular {@code @Component}s are not scanned, and the
 * context talks to the test run's shared local {@code nats-server} (through {@link WithNatsServer}), with no
 * {@code nats.servers} to set.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@BootstrapWith(DataNatsKvTestContextBootstrapper.class)
@ExtendWith(SpringExtension.class)
@OverrideAutoConfiguration(enabled = false)
@TypeExcludeFilters(DataNatsKvTypeExcludeFilter.class)
@AutoConfigureDataNatsKv
@ImportAutoConfiguration
@WithNatsServer
public @interface DataNatsKvTest {

	/**
	 * Properties in {@code key=value} form added to the environment before the test runs.
	 * @return the properties
	 */
	String[] properties() default {};

	/**
	 * Whether the default filters apply (they include nothing but the auto-configuration).
	 * @return whether to use the default filters
	 */
	boolean useDefaultFilters() default true;

	/**
	 * Beans to add to the context.
	 * @return the include filters
	 */
	Filter[] includeFilters() default {};

	/**
	 * Beans to leave out of the context.
	 * @return the exclude filters
	 */
	Filter[] excludeFilters() default {};

	/**
	 * Auto-configurations to leave out.
	 * @return the excluded auto-configurations
	 */
	@AliasFor(annotation = ImportAutoConfiguration.class, attribute = "exclude")
	Class<?>[] excludeAutoConfiguration() default {};

}
