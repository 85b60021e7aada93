/**
 * Entity callbacks around the conversion, saving and loading of KV entities, and the auditing that runs on them.
 */
@NullMarked
package io.github.kvspring.data.mapping.event;

import org.jspecify.annotations.NullMarked;
