/**
 * Auto-configuration of the NATS health indicator.
 */
@NullMarked
package io.github.kvspring.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
