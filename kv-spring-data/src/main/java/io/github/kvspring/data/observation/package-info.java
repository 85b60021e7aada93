/**
 * Micrometer observations of KV operations: their documentation, context and conventions.
 */
@NullMarked
package io.github.kvspring.data.observation;

import org.jspecify.annotations.NullMarked;
