package io.github.kvspring.data.mapping;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;

import org.springframework.core.annotation.AliasFor;
import org.springframework.data.annotation.Persistent;

/**
 * Maps a type to a bucket: each entity is the entry at key {@code <keyPrefix>.<id>} (or {@code <id>} without a
 * prefix), its id converted to key tokens by the {@link KvKeyCodec}. Identifies the type as a KV entity, so that
 * repositories of this module live beside those of other Spring Data modules (strict mode).
 */
@Documented
@Persistent
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface KvEntity {

	/**
	 * Alias for {@link #bucket()}.
	 * @return the bucket
	 */
	@AliasFor("bucket")
	String value() default "";

	/**
	 * The bucket the entities live in; the uncapitalized simple class name when empty.
	 * @return the bucket
	 */
	@AliasFor("value")
	String bucket() default "";

	/**
	 * The key prefix, one or more dot-separated tokens, so that several entity types can share a bucket; none
	 * when empty.
	 * @return the prefix
	 */
	String keyPrefix() default "";

	/**
	 * The time to live of every entity of this type (per-key TTL), or 0 for none. A property annotated with
	 * {@link KvTimeToLive} overrides it per entity. Needs a bucket with history 1 and a limit marker TTL.
	 * @return the time to live
	 */
	long timeToLive() default 0;

	/**
	 * The unit of {@link #timeToLive()}.
	 * @return the unit
	 */
	TimeUnit timeToLiveUnit() default TimeUnit.SECONDS;

}
