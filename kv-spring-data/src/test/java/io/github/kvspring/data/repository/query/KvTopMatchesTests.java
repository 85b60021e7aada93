package io.github.kvspring.data.repository.query;

import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first matches in an order, kept while reading: the same as sorting everything and cutting, with the count
 * of all.
 */
class KvTopMatchesTests {

	@ParameterizedTest
	@ValueSource(longs = { 0, 1, 7, 100, 9_999, 10_000, 20_000, Integer.MAX_VALUE })
	void whenKeepingTheFirstThenTheyAreThoseOfAFullSortAndTheTotalCountsAll(long keep) {
		List<Integer> values = new Random(42).ints(10_000, 0, 1_000).boxed().toList();
		Comparator<Integer> order = Comparator.<Integer>reverseOrder();
		KvTopMatches<Integer> top = KvTopMatches.of(values.stream(), order, keep);
		assertThat(top.total()).isEqualTo(10_000);
		assertThat(top.items()).containsExactlyElementsOf(values.stream().sorted(order).limit(keep).toList());
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 50 })
	void whenFewerMatchThanKeptThenAllAreReturnedInOrder(int count) {
		KvTopMatches<Integer> top = KvTopMatches.of(IntStream.range(0, count).map((i) -> count - i).boxed(),
				Comparator.naturalOrder(), 100);
		assertThat(top.items()).isSorted().hasSize(count);
		assertThat(top.total()).isEqualTo(count);
	}

}
