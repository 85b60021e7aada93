package io.github.kvspring.benchmarks;

import java.util.List;
import java.util.stream.Stream;

import io.github.kvspring.data.repository.KvRepository;

/**
 * The benchmark repository.
 */
public interface ItemRepository extends KvRepository<Item, String> {

	List<Item> findByCategory(String category);

	List<Item> findByCategoryIgnoreCase(String category);

	List<Item> findByTier(String tier);

	Stream<Item> streamByScoreGreaterThanEqual(int score);

}
