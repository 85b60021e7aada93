package io.github.kvspring.benchmarks;

import org.springframework.data.repository.CrudRepository;

/**
 * The Spring Data Redis repository of {@link VersionedRedisItem}.
 */
public interface VersionedRedisItemRepository extends CrudRepository<VersionedRedisItem, String> {

}
