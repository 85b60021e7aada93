/**
 * Finds a supported {@code nats-server} binary (provisioning Debian's package into a per-user cache where
 * needed) and runs local servers and clusters on 127.0.0.1 for tests, development and benchmarks.
 */
@NullMarked
package io.github.kvspring.server;

import org.jspecify.annotations.NullMarked;
