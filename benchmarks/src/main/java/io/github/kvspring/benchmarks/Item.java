package io.github.kvspring.benchmarks;

import io.github.kvspring.data.mapping.KvEntity;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/**
 * The benchmark entity: small, versioned, with a selective and a broad property to query.
 *
 * @param id the id
 * @param category one of 1,000 categories (10 items each in 10,000)
 * @param score 0 to 99
 * @param payload a ~100-byte value
 * @param version the revision
 */
@KvEntity(bucket = "bench-items", keyPrefix = "item")
public record Item(@Id String id, String category, int score, String payload, @Version long version) {

}
