/**
 * The repository factory, its factory bean and the base repository implementation.
 */
@NullMarked
package io.github.kvspring.data.repository.support;

import org.jspecify.annotations.NullMarked;
