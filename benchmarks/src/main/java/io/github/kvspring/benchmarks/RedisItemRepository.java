package io.github.kvspring.benchmarks;

import java.util.List;

import org.springframework.data.repository.CrudRepository;

/**
 * The Spring Data Redis repository for the same operations.
 */
public interface RedisItemRepository extends CrudRepository<RedisItem, String> {

	List<RedisItem> findByCategory(String category);

	List<RedisItem> findByTier(String tier);

}
