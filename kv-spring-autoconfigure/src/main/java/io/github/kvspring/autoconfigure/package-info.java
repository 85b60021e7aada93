/**
 * Spring Boot auto-configuration of the NATS connection, the KV buckets, the template, repositories and
 * listeners, with their properties and connection details.
 */
@NullMarked
package io.github.kvspring.autoconfigure;

import org.jspecify.annotations.NullMarked;
