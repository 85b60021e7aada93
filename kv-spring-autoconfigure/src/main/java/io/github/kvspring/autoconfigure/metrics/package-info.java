/**
 * Auto-configuration of the NATS meters.
 */
@NullMarked
package io.github.kvspring.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
