/**
 * Spring Data repositories for KV entities.
 */
@NullMarked
package io.github.kvspring.data.repository;

import org.jspecify.annotations.NullMarked;
