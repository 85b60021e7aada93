/**
 * Meters of the NATS connection, of the KV listeners and indexes, and of the KV caches.
 */
@NullMarked
package io.github.kvspring.metrics;

import org.jspecify.annotations.NullMarked;
