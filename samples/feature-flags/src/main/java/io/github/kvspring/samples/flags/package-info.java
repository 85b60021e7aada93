/**
 * A feature-flag and live-configuration service on NATS KV: flags with history and optimistic locking,
 * temporary overrides that expire, and a page that shows every change as it happens.
 */
@NullMarked
package io.github.kvspring.samples.flags;

import org.jspecify.annotations.NullMarked;
