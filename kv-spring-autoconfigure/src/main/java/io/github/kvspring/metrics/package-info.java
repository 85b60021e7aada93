/**
 * Meters of the NATS connection.
 */
@NullMarked
package io.github.kvspring.metrics;

import org.jspecify.annotations.NullMarked;
