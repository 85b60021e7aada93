/**
 * Auto-configuration of Spring Cache on NATS KV buckets.
 */
@NullMarked
package io.github.kvspring.autoconfigure.cache;

import org.jspecify.annotations.NullMarked;
