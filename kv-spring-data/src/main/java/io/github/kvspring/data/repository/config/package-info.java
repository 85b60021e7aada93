/**
 * Configuration of KV repositories: {@code @EnableKvRepositories} and its registrar.
 */
@NullMarked
package io.github.kvspring.data.repository.config;

import org.jspecify.annotations.NullMarked;
