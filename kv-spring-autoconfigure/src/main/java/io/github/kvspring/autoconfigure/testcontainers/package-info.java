/**
 * Testcontainers support: {@code @ServiceConnection} on a container of the {@code nats} image.
 */
@NullMarked
package io.github.kvspring.autoconfigure.testcontainers;

import org.jspecify.annotations.NullMarked;
