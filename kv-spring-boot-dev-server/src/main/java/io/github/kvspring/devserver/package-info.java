/**
 * Development-time support: a local JetStream {@code nats-server} for an application run in development when no
 * server is configured, in the spirit of Spring Boot's Docker Compose support.
 */
@NullMarked
package io.github.kvspring.devserver;

import org.jspecify.annotations.NullMarked;
