/**
 * Meters of the NATS connection and of the KV listeners.
 */
@NullMarked
package io.github.kvspring.metrics;

import org.jspecify.annotations.NullMarked;
