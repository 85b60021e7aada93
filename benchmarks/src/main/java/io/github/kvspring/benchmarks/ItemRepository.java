package io.github.kvspring.benchmarks;

import java.util.List;
import java.util.stream.Stream;

import io.github.kvspring.data.repository.KvRepository;

/**
 * The benchmark repository.
 */
public interface ItemRepository extends KvRepository<Item, String> {

	List<Item> findByCategory(String category);

	List<Item> findByScoreGreaterThanEqual(int score);

	Stream<Item> streamByScoreGreaterThanEqual(int score);

}
