/**
 * Mapping of entities to KV entries: the entity annotation, the mapping context with its persistent entities
 * and properties, the key codec that turns ids into key tokens, and the converter between entities and bytes.
 */
@NullMarked
package io.github.kvspring.data.mapping;

import org.jspecify.annotations.NullMarked;
