/**
 * Ahead-of-time processing support: the runtime hints that {@code @KvListener} methods and their value types
 * need.
 */
@NullMarked
package io.github.kvspring.data.aot;

import org.jspecify.annotations.NullMarked;
