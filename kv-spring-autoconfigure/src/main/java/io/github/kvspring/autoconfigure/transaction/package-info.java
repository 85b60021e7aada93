/**
 * Auto-configuration of the KV transaction manager.
 */
@NullMarked
package io.github.kvspring.autoconfigure.transaction;

import org.jspecify.annotations.NullMarked;
