/**
 * Failure analyzers that turn the common start-up failures of the NATS and KV auto-configuration into a
 * description and the action to take, without secrets.
 */
@NullMarked
package io.github.kvspring.autoconfigure.diagnostics;

import org.jspecify.annotations.NullMarked;
