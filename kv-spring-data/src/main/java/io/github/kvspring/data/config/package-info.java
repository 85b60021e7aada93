/**
 * Spring configuration of the KV support: auditing, and the infrastructure bean names shared by the
 * repository and listener configuration.
 */
@NullMarked
package io.github.kvspring.data.config;

import org.jspecify.annotations.NullMarked;
