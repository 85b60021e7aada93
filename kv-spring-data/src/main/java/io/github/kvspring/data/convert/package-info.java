/**
 * Value conversion at the edge of the KV store: values are bytes on the wire, and a small converter SPI turns
 * them into {@code byte[]}, {@code String} or JSON-mapped objects.
 */
@NullMarked
package io.github.kvspring.data.convert;

import org.jspecify.annotations.NullMarked;
