/**
 * The core of the KV support: {@code KeyValueOperations} and its template, entries, key rules, bucket
 * definitions and the translation of jnats failures into Spring's {@code DataAccessException} hierarchy.
 */
@NullMarked
package io.github.kvspring.data.core;

import org.jspecify.annotations.NullMarked;
