package io.github.kvspring.autoconfigure;

import io.nats.client.Options;

/**
 * Customizes the jnats {@link Options.Builder} of the auto-configured connection, after the properties have
 * been applied. Customizers run in order ({@link org.springframework.core.Ordered}).
 */
@FunctionalInterface
public interface NatsOptionsBuilderCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder
	 */
	void customize(Options.Builder builder);

}
