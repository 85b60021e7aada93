/**
 * JUnit 5 and Spring test support: a real {@code nats-server} (or a cluster) per test suite or test class,
 * handed to tests as parameters and to Spring test contexts as the {@code nats.servers} property.
 */
@NullMarked
package io.github.kvspring.test;

import org.jspecify.annotations.NullMarked;
