package io.github.kvspring.benchmarks;

/**
 * What the stale-save check needs of either store's entity.
 *
 * @param <T> the entity type
 */
interface BenchmarkEntity<T extends BenchmarkEntity<T>> {

	String id();

	String payload();

	T withPayload(String payload);

}
