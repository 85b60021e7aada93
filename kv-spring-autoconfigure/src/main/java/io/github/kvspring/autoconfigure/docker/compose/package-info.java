/**
 * Docker Compose support: a {@code nats} service in the application's Compose file becomes the auto-configured
 * connection's {@link io.github.kvspring.autoconfigure.NatsConnectionDetails}.
 */
@NullMarked
package io.github.kvspring.autoconfigure.docker.compose;

import org.jspecify.annotations.NullMarked;
