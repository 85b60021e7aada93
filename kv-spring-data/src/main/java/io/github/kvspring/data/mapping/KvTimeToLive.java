package io.github.kvspring.data.mapping;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the property that holds an entity's own time to live: a {@link java.time.Duration}, or a number of
 * seconds. {@code null} (or zero) falls back to {@link KvEntity#timeToLive()}. The property is stored with the
 * entity like any other.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.ANNOTATION_TYPE })
public @interface KvTimeToLive {

}
