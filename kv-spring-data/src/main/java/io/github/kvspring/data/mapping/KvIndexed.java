package io.github.kvspring.data.mapping;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a property that derived queries may look up by value instead of reading the whole bucket: an equality
 * ({@code findByCategory}, {@code findByCategoryIn}) on it fetches just the matching entities.
 * <p>
 * The index lives in the application's memory, not in the bucket. It is a projection of the bucket built by a
 * watch on first use and kept up to date by it, so it never goes stale when entries expire, are deleted or are
 * written by other applications, and nothing extra is written on save. Before answering, a query makes sure the
 * index has applied every write made before it (one round trip), so results are as current as a scan's. Should
 * the index be unable to catch up in time (its watch lost with a restarted server, for example), the query reads
 * the bucket instead and the index is rebuilt.
 * <p>
 * Indexable types are those whose JSON form is equal exactly when their values are: {@code String}, enums,
 * {@code boolean}, integral numbers ({@code byte} to {@code long}, {@code BigInteger}) and {@code UUID}. The index
 * holds each entity's key once per indexed property, so it costs memory in proportion to the entities.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.ANNOTATION_TYPE })
public @interface KvIndexed {

}
