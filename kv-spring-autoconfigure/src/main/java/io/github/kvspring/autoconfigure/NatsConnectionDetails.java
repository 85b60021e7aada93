package io.github.kvspring.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.ssl.SslBundle;

/**
 * Where the NATS connection goes and how it authenticates: from the {@code nats.*} properties by default, or
 * from a service connection (Testcontainers, the development-time server).
 */
public interface NatsConnectionDetails extends ConnectionDetails {

	/**
	 * The server URLs.
	 * @return the URLs, at least one
	 */
	List<String> getServers();

	/**
	 * The login user.
	 * @return the user, or {@code null}
	 */
	default @Nullable String getUsername() {
		return null;
	}

	/**
	 * The login password.
	 * @return the password, or {@code null}
	 */
	default @Nullable String getPassword() {
		return null;
	}

	/**
	 * The authentication token.
	 * @return the token, or {@code null}
	 */
	default @Nullable String getToken() {
		return null;
	}

	/**
	 * The SSL bundle for TLS.
	 * @return the bundle, or {@code null} for a plain connection
	 */
	default @Nullable SslBundle getSslBundle() {
		return null;
	}

	/**
	 * Details for the given servers without authentication.
	 * @param servers the server URLs
	 * @return the details
	 */
	static NatsConnectionDetails of(List<String> servers) {
		List<String> copy = List.copyOf(servers);
		return () -> copy;
	}

}
