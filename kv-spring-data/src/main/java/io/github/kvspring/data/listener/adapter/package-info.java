/**
 * Invocation of {@code @KvListener} methods: argument resolution and value conversion.
 */
@NullMarked
package io.github.kvspring.data.listener.adapter;

import org.jspecify.annotations.NullMarked;
