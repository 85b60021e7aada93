package io.github.kvspring.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * {@link NatsConnectionDetails} taken from {@link NatsProperties}.
 */
class PropertiesNatsConnectionDetails implements NatsConnectionDetails {

	private final NatsProperties properties;

	private final @Nullable SslBundles sslBundles;

	PropertiesNatsConnectionDetails(NatsProperties properties, @Nullable SslBundles sslBundles) {
		this.properties = properties;
		this.sslBundles = sslBundles;
	}

	@Override
	public List<String> getServers() {
		return this.properties.getServers();
	}

	@Override
	public @Nullable String getUsername() {
		return this.properties.getUsername();
	}

	@Override
	public @Nullable String getPassword() {
		return this.properties.getPassword();
	}

	@Override
	public @Nullable String getToken() {
		return this.properties.getToken();
	}

	@Override
	public @Nullable SslBundle getSslBundle() {
		String bundle = this.properties.getSsl().getBundle();
		if (bundle == null) {
			return null;
		}
		if (this.sslBundles == null) {
			throw new IllegalStateException("nats.ssl.bundle is set to '" + bundle + "' but no SslBundles exist");
		}
		return this.sslBundles.getBundle(bundle);
	}

}
