package io.github.kvspring.data.core;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filters a serializable transaction's commit checks its reads under: what a filter matches, the narrowest
 * cover of keys and filters, and which written key carries which reads.
 */
class KvTransactionChecksTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			orders.1     | orders.1     | true
			orders.1     | orders.2     | false
			orders.*     | orders.2     | true
			orders.*     | orders.2.x   | false
			orders.>     | orders.2.x   | true
			orders.>     | orders       | false
			*.x          | a.x          | true
			*.x          | a.y          | false
			>            | a            | true
			a.*.>        | a.b          | false
			a.*.>        | a.b.c        | true
			""")
	void whenAKeyIsMatchedAgainstAFilterThenTheServersRulesApply(String filter, String key, boolean matches) {
		assertThat(KvKeyFilters.matches(filter, key)).isEqualTo(matches);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			doctors.alice       | doctors.bob       | doctors.*
			a.x.c               | a.y.c             | a.*.c
			a.x.c               | b.x.c             | *.x.c
			orders.summary      | orders.open.>     | orders.>
			orders.open.1       | orders.open.>     | orders.open.>
			orders.1            | orders.*          | orders.*
			orders.1            | orders.1.lines    | orders.>
			a.x.c.d             | a.y.c             | a.*.>
			stock.apple         | orders.>          | *.>
			a                   | b                 | *
			a                   | a.b               | >
			""")
	void whenTwoKeysOrFiltersAreCoveredThenTheNarrowestFilterMatchingBothIsFound(String first, String second,
			String cover) {
		assertThat(KvKeyFilters.cover(first, second)).isEqualTo(cover);
		assertThat(KvKeyFilters.cover(second, first)).isEqualTo(cover);
	}

	@Test
	void whenCoveringThenTheCoverMatchesEveryKeyEitherSideMatches() {
		List<String> keys = List.of("a", "a.b", "a.c", "a.b.c", "a.c.c", "a.b.d", "b.b.c", "x.y.z.w");
		List<String> patterns = List.of("a.b", "a.*", "a.>", "a.b.c", "*.b.c", "a.*.c", "x.>", "b.b.c", "a");
		for (String first : patterns) {
			for (String second : patterns) {
				String cover = KvKeyFilters.cover(first, second);
				for (String key : keys) {
					if (KvKeyFilters.matches(first, key) || KvKeyFilters.matches(second, key)) {
						assertThat(KvKeyFilters.matches(cover, key)).as("%s covers %s and %s: %s", cover, first,
								second, key).isTrue();
					}
				}
			}
		}
	}

	@Test
	void whenReadsAreNearDifferentWrittenKeysThenEachWrittenKeyCarriesTheReadsNearIt() {
		assertThat(KvTransactionChecks.plan(List.of("orders.7", "stock.apple"), List.of("stock.pear", "orders.>")))
			.containsExactlyInAnyOrderEntriesOf(Map.of("stock.apple", "stock.*", "orders.7", "orders.>"));
	}

	@Test
	void whenSeveralReadsFitOneWrittenKeyThenThatKeyCarriesThemAllAndTheOthersKeepTheirOwnChecks() {
		assertThat(KvTransactionChecks.plan(List.of("doctors.alice", "shifts.monday"),
				List.of("doctors.bob", "doctors.carol")))
			.containsExactly(Map.entry("doctors.alice", "doctors.*"));
	}

	@Test
	void whenNoFilterNarrowerThanTheWholeBucketCoversAReadAndAWrittenKeyThenTheCoverIsTheWholeBucket() {
		assertThat(KvTransactionChecks.plan(List.of("a.1"), List.of("b"))).containsExactly(Map.entry("a.1", ">"));
	}

}
