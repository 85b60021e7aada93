/**
 * {@code @KvListener} methods fed by KV watches: the annotation, its post-processor, the endpoint registry and
 * the listener containers that keep each watch in order across reconnects.
 */
@NullMarked
package io.github.kvspring.data.listener;

import org.jspecify.annotations.NullMarked;
