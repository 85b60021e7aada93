/**
 * Entity-level operations over the KV store: save, find, delete and scan mapped entities, with their version
 * as the entry's revision. Repositories are built on it.
 */
@NullMarked
package io.github.kvspring.data.entity;

import org.jspecify.annotations.NullMarked;
