/**
 * The NATS health indicator.
 */
@NullMarked
package io.github.kvspring.health;

import org.jspecify.annotations.NullMarked;
