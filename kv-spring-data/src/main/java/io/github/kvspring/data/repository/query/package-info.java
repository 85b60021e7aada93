/**
 * Derived queries, evaluated over an entity's entries read in one server stream.
 */
@NullMarked
package io.github.kvspring.data.repository.query;

import org.jspecify.annotations.NullMarked;
