/**
 * The {@code @DataNatsKvTest} slice: only the NATS and KV auto-configuration, on the test run's local server.
 */
@NullMarked
package io.github.kvspring.test.autoconfigure;

import org.jspecify.annotations.NullMarked;
