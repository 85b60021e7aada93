package io.github.kvspring.test;

import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Adds the {@value NatsServerContextCustomizerFactory#SERVERS_PROPERTY} property, pointing at the test's server or cluster, ahead of every other
 * property source of a Spring test context.
 */
final class NatsServerContextCustomizer implements ContextCustomizer {

	private final Object key;

	private final Supplier<String> url;

	/**
	 * Creates a customizer.
	 * @param key what identifies the server for context caching: one value for the shared server, the owning
	 * class for a server or cluster of its own
	 * @param url the server's URL, asked for when the context is built
	 */
	NatsServerContextCustomizer(Object key, Supplier<String> url) {
		this.key = key;
		this.url = url;
	}

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
		context.getEnvironment().getPropertySources()
			.addFirst(new MapPropertySource("kvSpringNatsServer", Map.of(NatsServerContextCustomizerFactory.SERVERS_PROPERTY, this.url.get())));
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof NatsServerContextCustomizer customizer && this.key.equals(customizer.key);
	}

	@Override
	public int hashCode() {
		return this.key.hashCode();
	}

}
