package io.github.kvspring.benchmarks;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes the benchmark figures into README.md from the reports the benchmark run has just written under
 * {@code docs/}: the block between {@value #START} and {@value #END} is replaced, the rest of the README is left
 * as it is. Every figure and every verdict on a goal in that block comes from the reports; the goals are the
 * constants below. Fails, naming the file, when a marker, a table, a row or a sentence it needs is missing.
 * Run by {@code scripts/run-benchmarks.sh} as its last step:
 * {@code mvn -q -pl benchmarks exec:java@readme}.
 */
public final class ReadmeFigures {

	private static final String START = "<!-- benchmark-figures:start -->";

	private static final String END = "<!-- benchmark-figures:end -->";

	// Goals against raw jnats: our layer's figure over raw jnats's.

	private static final Goal TEMPLATE = Goal.atLeast(0.9);

	private static final Goal REPOSITORY = Goal.atLeast(0.8);

	private static final Goal FIND_ALL_VS_LOOP = Goal.atLeast(15);

	private static final Goal FIND_ALL_VS_STREAM = Goal.atLeast(0.7);

	private static final Goal SAVE_ALL_VS_LOOP = Goal.atLeast(5);

	/** saveAll of 10k entities that all exist (every create conflicts) over saveAll of 10k new ones, in time. */
	private static final Goal SAVE_ALL_CONFLICTS = Goal.atMost(2);

	/** Our listener's put→method latency p50 over a raw watch's (a latency: lower is better). */
	private static final Goal LISTENER_P50 = Goal.atMost(1.3);

	// Goals against Spring Data Redis repositories: kv-spring's figure over Spring Data Redis's.

	private static final Goal REDIS_SAVE = Goal.atLeast(3);

	private static final Goal REDIS_SAVE_ALL = Goal.atLeast(10);

	private static final Goal REDIS_FIND_ALL = Goal.atLeast(5);

	private static final Goal REDIS_BROAD_QUERY = Goal.atLeast(5);

	private static final Goal REDIS_FIND_BY_ID = Goal.atLeast(0.7);

	// Goals of the Spring Cache against Spring Data Redis's RedisCacheManager: kv-spring's figure over Redis's.

	private static final Goal CACHE_NEAR_HIT = Goal.atLeast(20);

	private static final Goal CACHE_HIT = Goal.atLeast(0.7);

	private static final Goal CACHE_MISS = Goal.atLeast(0.7);

	/** The near cache's invalidation lag p99 (a put or an evict in another application) must stay under this. */
	private static final long INVALIDATION_P99_GOAL_MICROS = 5_000;

	/** The most start-up time the starter may add to a minimal application. */
	private static final long STARTUP_GOAL_MILLIS = 250;

	/** The README's prose is wrapped at this many characters. */
	private static final int WIDTH = 113;

	private final Figures figures;

	private final Markdown stream;

	private final Markdown resume;

	private final Markdown startup;

	private ReadmeFigures(Path docs) throws IOException {
		this.figures = new Figures(Markdown.read(docs.resolve("benchmarks.md")));
		this.stream = Markdown.read(docs.resolve("benchmarks-stream.md"));
		this.resume = Markdown.read(docs.resolve("benchmarks-resume.md"));
		this.startup = Markdown.read(docs.resolve("benchmarks-startup.md"));
	}

	/**
	 * Rewrites the README's benchmark figures.
	 * @param args the repository's root folder (default: the current folder)
	 */
	public static void main(String[] args) throws IOException {
		Path root = Path.of((args.length > 0) ? args[0] : ".");
		Path readme = root.resolve("README.md");
		String block = new ReadmeFigures(root.resolve("docs")).block();
		String text = Files.readString(readme);
		String updated = replaceBlock(readme, text, block);
		if (updated.equals(text)) {
			System.out.println(readme + ": the benchmark figures were already these");
		}
		else {
			Files.writeString(readme, updated);
			System.out.println("Wrote the benchmark figures into " + readme);
		}
	}

	private static String replaceBlock(Path readme, String text, String block) {
		int start = onlyIndexOf(readme, text, START);
		int end = onlyIndexOf(readme, text, END);
		if (end < start) {
			throw new IllegalStateException(readme + ": the marker " + END + " comes before " + START);
		}
		return text.substring(0, start + START.length()) + "\n" + block + text.substring(end);
	}

	private static int onlyIndexOf(Path readme, String text, String marker) {
		int at = text.indexOf(marker);
		if (at < 0) {
			throw new IllegalStateException(readme + " has no marker " + marker + " (on a line of its own, with "
					+ ((marker.equals(START)) ? END : START) + " around the benchmark figures)");
		}
		if (text.indexOf(marker, at + 1) >= 0) {
			throw new IllegalStateException(readme + " has the marker " + marker + " more than once");
		}
		if ((at > 0 && text.charAt(at - 1) != '\n') || !text.startsWith("\n", at + marker.length())) {
			throw new IllegalStateException(readme + ": the marker " + marker + " is not on a line of its own");
		}
		return at;
	}

	private String block() {
		return String.join("\n", wrap(latestFigures()), againstJnats(), againstRedis(), wrap(findById()),
				transactions(), cache(), wrap(streamAndResume()), wrap(startUp()));
	}

	private String latestFigures() {
		Matcher measured = this.figures.report.find("\"Measured …\" line", "Measured (\\d{4}-\\d\\d-\\d\\d) on (\\d+) "
				+ "cores, Java ([^,]+), ([^,]+), nats-server ([^ ]+) on 127\\.0\\.0\\.1, jnats ([^;]+); redis-server "
				+ "([^ ]+) on 127\\.0\\.0\\.1 \\(append-only file, synced every second\\), Spring Data Redis ([^ ]+) "
				+ "with Lettuce\\.");
		TreeSet<String> dates = new TreeSet<>(List.of(measured.group(1)));
		Stream.of(this.stream, this.resume, this.startup)
			.forEach((report) -> dates.add(report.find("date", "Measured (\\d{4}-\\d\\d-\\d\\d),").group(1)));
		String date = (dates.size() == 1) ? dates.first() : dates.first() + " to " + dates.last();
		return String.format(Locale.ROOT, "Latest figures, measured %s on %s cores, Java %s, %s, nats-server %s, "
				+ "jnats %s, redis-server %s (append-only file synced every second), Spring Data Redis %s with "
				+ "Lettuce:", date, measured.group(2), measured.group(3), measured.group(4), measured.group(5),
				measured.group(6), measured.group(7), measured.group(8));
	}

	private String againstJnats() {
		Figures f = this.figures;
		List<String> rows = new ArrayList<>();
		rows.add(row("template put / get / create / compare-and-set", TEMPLATE.toString(),
				Stream.of("put", "get", "create", "compare-and-set update")
					.map((scenario) -> TEMPLATE.mark(f.ratio(scenario, "KeyValueTemplate", "raw jnats")))
					.reduce((a, b) -> a + " / " + b)
					.orElseThrow()));
		rows.add(row("repository save / findById", REPOSITORY.toString(),
				REPOSITORY.mark(f.ratio("save new entity (create)", "repository save", "raw jnats create")) + " / "
						+ REPOSITORY.mark(f.ratio("findById", "repository findById", "raw jnats get"))));
		rows.add(row("findAll 10k vs `keys()` + get loop / vs a raw stream", FIND_ALL_VS_LOOP + " / " + FIND_ALL_VS_STREAM,
				FIND_ALL_VS_LOOP.mark(f.ratio("findAll 10k", "repository findAll", "naive keys() + get")) + " / "
						+ FIND_ALL_VS_STREAM.mark(f.quotient("findAll 10k", "repository findAll",
								"raw ordered-consumer stream"))));
		rows.add(row("findAll 100k vs the loop / vs a raw stream", "",
				times(f.ratio("findAll 100k", "repository findAll", "naive keys() + get")) + " / "
						+ times(f.quotient("findAll 100k", "repository findAll", "raw ordered-consumer stream"))
						+ " (as bytes: " + times(f.quotient("findAll 100k", "template streamEntries (bytes)",
								"raw ordered-consumer stream"))
						+ ")"));
		rows.add(row("saveAll 10k vs save in a loop", SAVE_ALL_VS_LOOP.toString(),
				SAVE_ALL_VS_LOOP.mark(f.ratio("saveAll 10k", "repository saveAll", "save in a loop"))
						+ " (raw async creates: " + times(f.ratio("saveAll 10k", "raw async creates", "save in a loop"))
						+ ")"));
		rows.add(row("saveAll 10k again over existing entities (every create conflicts), time over new ones",
				SAVE_ALL_CONFLICTS.toString(), SAVE_ALL_CONFLICTS
					.mark(f.quotient("saveAll 10k", "repository saveAll", "repository saveAll again (all exist)"))));
		rows.add(row("count 10k vs `keys()`", "",
				times(f.ratio("count 10k", "repository count", "naive keys()")) + " (answered from the `@KvIndexed` index)"));
		rows.add(row("derived query over 10k, 10 hits: scan / `@KvIndexed`", "",
				f.pair("derived query over 10k", "selective (10 hits), scan", " / ", "selective (10 hits), @KvIndexed")));
		rows.add(row("`@KvListener` put→method latency p50 / p99 at concurrency 1 / 4 vs a raw watch (ratio: our "
				+ "latency over the watch's, below 1 is faster)", "p50 " + LISTENER_P50,
				"p50 " + latency("put → listener latency p50", LISTENER_P50) + "; p99 "
						+ latency("put → listener latency p99", null)));
		return table("against raw jnats", rows);
	}

	/**
	 * A latency at concurrency 1 and 4 beside a raw watch's: "214 / 220 µs vs 234 µs (0.91x / 0.94x)", the ratio
	 * being ours over the watch's.
	 */
	private String latency(String scenario, Goal goal) {
		List<Figure> figures = this.figures.inOneUnit(scenario, "raw jnats watch",
				"@KvListener container, concurrency 1", "@KvListener container, concurrency 4");
		Figure raw = figures.get(0);
		Figure one = figures.get(1);
		Figure four = figures.get(2);
		return one.number() + " / " + four.number() + " " + raw.unit() + " vs " + raw.text() + " ("
				+ mark(goal, one.value() / raw.value()) + " / " + mark(goal, four.value() / raw.value()) + ")";
	}

	private String againstRedis() {
		Figures f = this.figures;
		List<String> rows = new ArrayList<>();
		rows.add(row("save (new entity)", REDIS_SAVE.toString(),
				REDIS_SAVE.mark(f.redisRatio("vs Redis: save (new entity)", "kv-spring repository")) + " ("
						+ f.pair("vs Redis: save (new entity)", "kv-spring repository", " vs ", "Spring Data Redis") + ")"));
		rows.add(row("saveAll 10k", REDIS_SAVE_ALL.toString(),
				REDIS_SAVE_ALL.mark(f.redisRatio("vs Redis: saveAll 10k", "kv-spring repository"))));
		rows.add(row("findAll 10k", REDIS_FIND_ALL.toString(),
				REDIS_FIND_ALL.mark(f.redisRatio("vs Redis: findAll 10k", "kv-spring repository"))));
		rows.add(row("broad derived query (5k of 10k)", REDIS_BROAD_QUERY.toString(),
				REDIS_BROAD_QUERY.mark(f.redisRatio("vs Redis: broad query (5k of 10k)", "kv-spring repository"))));
		rows.add(row("findById", REDIS_FIND_BY_ID.toString(),
				REDIS_FIND_BY_ID.mark(f.redisRatio("vs Redis: findById", "kv-spring repository")) + " ("
						+ f.pair("vs Redis: findById", "kv-spring repository", " vs ", "Spring Data Redis")
						+ "; a raw jnats get: " + times(f.redisRatio("vs Redis: findById", "raw jnats get")) + ")"));
		rows.add(row("selective derived query (10 of 10k)", "reported",
				times(f.redisRatio("vs Redis: selective query (10 of 10k)", "kv-spring repository"))
						+ " with `@KvIndexed` ("
						+ f.pair("vs Redis: selective query (10 of 10k)", "kv-spring repository", " vs ",
								"Spring Data Redis")
						+ "); " + f.figure("derived query over 10k", "selective (10 hits), scan").text() + " scanning"));
		rows.add(row("count 10k", "reported", times(f.redisRatio("vs Redis: count 10k", "kv-spring repository")) + " ("
				+ f.pair("vs Redis: count 10k", "kv-spring repository", " vs ", "Spring Data Redis")
				+ "; Redis keeps a counted set)"));
		rows.add(row("a stale save", "reported", staleSave()));
		return table("against Spring Data Redis repositories", rows);
	}

	/**
	 * What each store did with a stale save, from the report's note: "kv-spring refuses it
	 * (`KvRevisionMismatchException`), leaving the first writer's value; ...".
	 */
	private String staleSave() {
		return staleSave("kv-spring (`@Version long version`)", "kv-spring", "") + "; "
				+ staleSave("Spring Data Redis without `@Version`", "Spring Data Redis without `@Version`", "")
				+ "; " + staleSave("Spring Data Redis with `@Version Long version`", "with `@Version` it",
						" (it treats each save as an insert)");
	}

	private String staleSave(String store, String subject, String whyFirstCopyRefused) {
		String outcome = "(accepted|refused \\((\\w+)\\))";
		Matcher note = this.figures.report.find("stale-save outcome of " + store,
				Pattern.quote(store) + ": first save accepted, save of the first copy " + outcome
						+ ", save of the stale copy " + outcome
						+ "; the stored value is then the (original one|first writer's|stale writer's)\\.");
		boolean firstCopyRefused = note.group(2) != null;
		boolean staleRefused = note.group(4) != null;
		String stored = note.group(5).equals("original one") ? "the original value" : "the " + note.group(5) + " value";
		StringBuilder text = new StringBuilder(subject).append(staleRefused ? " refuses it" : " accepts it");
		if (staleRefused) {
			text.append(" (`").append(note.group(4)).append("`)");
		}
		if (firstCopyRefused) {
			text.append(", and the first copy's save too");
			if (!note.group(2).equals(note.group(4))) {
				text.append(" (`").append(note.group(2)).append("`)");
			}
		}
		text.append(", leaving ").append(stored);
		if (note.group(5).equals("stale writer's")) {
			text.append(" (a lost update)");
		}
		if (firstCopyRefused) {
			text.append(whyFirstCopyRefused);
		}
		return text.toString();
	}

	/**
	 * Where kv-spring's findById stands against Redis's, and against a raw jnats get.
	 */
	private String findById() {
		double raw = this.figures.redisRatio("vs Redis: findById", "raw jnats get");
		double ours = this.figures.quotient("vs Redis: findById", "kv-spring repository", "raw jnats get");
		String figures = "a single get through jnats is " + times(raw) + " Redis's `HGETALL` here, and the "
				+ "repository " + times(ours) + " that raw get.";
		return (raw < 1 && REPOSITORY.metBy(ours))
				? "In findById, where kv-spring trails Redis, the cost is the NATS round trip, not our layers: " + figures
				: "In findById, " + figures;
	}

	/**
	 * Transactions against the same reads and writes as independent compare-and-set updates, and against Spring
	 * Data Redis's {@code WATCH}/{@code MULTI}/{@code EXEC}: reported, no goals.
	 */
	private String transactions() {
		Figures f = this.figures;
		String cas = "independent compare-and-set updates";
		String ours = "kv-spring transaction";
		List<String> rows = new ArrayList<>();
		rows.add(row("two-key transfer (read both, write both) vs the same as two independent compare-and-set "
				+ "updates (no atomicity)", "", times(f.ratio("two-key transfer", ours, cas)) + " ("
						+ f.pair("two-key transfer", ours, " vs ", cas) + "; in a memory-storage bucket "
						+ f.figure("two-key transfer", "kv-spring transaction, memory storage").text() + ")"));
		rows.add(row("ten-key transaction vs ten independent compare-and-set updates", "",
				times(f.ratio("ten-key transaction", ours, cas)) + " ("
						+ f.pair("ten-key transaction", ours, " vs ", cas) + ")"));
		String redis = "vs Redis: two-key transfer (WATCH/MULTI/EXEC)";
		List<Figure> figures = f.inOneUnit(redis, ours, "Spring Data Redis", "Spring Data Redis, connection kept");
		rows.add(row("two-key transfer vs Spring Data Redis `WATCH`/`MULTI`/`EXEC` (a connection opened per "
				+ "transaction, Spring Data Redis's default without a pool / one connection kept)", "",
				times(f.redisRatio(redis, ours)) + " / "
						+ times(f.quotient(redis, ours, "Spring Data Redis, connection kept")) + " ("
						+ figures.get(0).number() + " vs " + figures.get(1).number() + " / " + figures.get(2).text()
						+ ")"));
		return table("transactions (one thread, uncontended)", rows);
	}

	/**
	 * The Spring Cache through {@code @Cacheable} against Spring Data Redis's {@code RedisCacheManager}, and the near
	 * cache's invalidation lag between two applications (which Redis's cache manager has no counterpart of).
	 */
	private String cache() {
		Figures f = this.figures;
		String hit = "vs Redis: @Cacheable hit";
		String miss = "vs Redis: @Cacheable miss (method runs, value stored)";
		String near = "kv-spring, near cache";
		List<String> rows = new ArrayList<>();
		rows.add(row("hit with the near cache", CACHE_NEAR_HIT.toString(),
				CACHE_NEAR_HIT.mark(f.redisRatio(hit, near)) + " (" + f.pair(hit, near, " vs ", "Spring Data Redis")
						+ ")"));
		rows.add(row("hit without it (one round trip each)", CACHE_HIT.toString(),
				CACHE_HIT.mark(f.redisRatio(hit, "kv-spring")) + " ("
						+ f.pair(hit, "kv-spring", " vs ", "Spring Data Redis") + "; a raw jnats get of the same keys: "
						+ times(f.redisRatio(hit, "raw jnats get")) + ")"));
		rows.add(row("miss: the method runs, its value is stored (a read and a write each)", CACHE_MISS.toString(),
				CACHE_MISS.mark(f.redisRatio(miss, "kv-spring")) + " ("
						+ f.pair(miss, "kv-spring", " vs ", "Spring Data Redis") + "; a raw jnats get and put: "
						+ times(f.redisRatio(miss, "raw jnats get + put")) + "); with the near cache "
						+ times(f.redisRatio(miss, near))));
		rows.add(row("near-cache invalidation lag, from a put / an evict in one application until the other's near "
				+ "cache drops the entry (`RedisCacheManager` has no near cache to compare)",
				"p99 < " + INVALIDATION_P99_GOAL_MICROS / 1000 + " ms",
				"p50 " + invalidationLag("p50", false) + "; p99 " + invalidationLag("p99", true)));
		return table("Spring Cache (`@Cacheable`, one thread) against Spring Data Redis's `RedisCacheManager`", rows);
	}

	/**
	 * The near cache's invalidation lag after a put and after an evict in another application: "412 / 530 µs", a
	 * figure that misses the goal (when checked) in bold.
	 */
	private String invalidationLag(String percentile, boolean checked) {
		List<Figure> figures = this.figures.inOneUnit("near-cache invalidation lag " + percentile,
				"put in another application", "evict in another application");
		String unit = figures.get(0).unit();
		if (!unit.equals("µs")) {
			throw new IllegalStateException(this.figures.report.file() + ": the near-cache invalidation lag is in "
					+ unit + ", not µs");
		}
		return figures.stream()
			.map((figure) -> (checked && figure.value() >= INVALIDATION_P99_GOAL_MICROS) ? "**" + figure.number() + "**"
					: figure.number())
			.reduce((a, b) -> a + " / " + b)
			.orElseThrow() + " " + unit;
	}

	private String streamAndResume() {
		Markdown.Table steps = this.stream.table(1, "step", "figure");
		String streamed = steps.cell(0, "[\\d,]+",
				"entities streamed through `Stream<Item> streamByScoreGreaterThanEqual(0)`");
		String rate = steps.cell(0, "[\\d,]+ entities/s", "stream throughput");
		String heapUsed = steps.cell(0, "[\\d,]+ MiB", "largest heap use seen while streaming");
		String heap = this.stream.find("max heap", "max heap (\\d+ MiB)").group(1);
		Markdown.Table watchers = this.resume.table(1, "watcher", "first entry after the restart");
		String seconds = "\\d+\\.\\d\\d s|not within \\d+ s";
		String listener = watchers.cell(0, seconds,
				"`@KvListener` container (re-watches from the last revision on reconnect)");
		String plain = watchers.cell(0, seconds, "plain jnats `KeyValue.watchAll`");
		return "A repository's lazy `Stream` read " + streamed + " entities in a " + heap + " heap at " + rate
				+ ", with at most " + heapUsed + " of heap in use. Receiving again after a server restart: a "
				+ "`@KvListener` container " + listener + " after the restarted server is healthy, a plain jnats watch "
				+ plain + ".";
	}

	private String startUp() {
		Markdown.Table table = this.startup.table(1, "application", "start-up", "cost added",
				"start-up and first use", "cost added");
		String runs = this.startup.find("number of JVMs", "Median of (\\d+) fresh JVMs").group(1);
		long[] kv = startupCosts(table, StartupCheck.Variant.KV);
		long[] lazy = startupCosts(table, StartupCheck.Variant.KV_LAZY_REPOSITORIES);
		long[] redis = startupCosts(table, StartupCheck.Variant.REDIS);
		return String.format(Locale.ROOT, "Start-up of a minimal application (fresh JVMs, median of %s): the starter "
				+ "adds %,d ms (connection, a declared bucket, template, repositories, listeners), %,d ms with "
				+ "`nats.kv.repositories.bootstrap-mode=lazy`; Spring Data Redis's auto-configuration adds %,d ms. "
				+ "With the first save and read included: %,d ms against %,d ms. The goal, at most %d ms added by "
				+ "the starter, is %s", runs, kv[0], lazy[0], redis[0], kv[1], redis[1], STARTUP_GOAL_MILLIS,
				(kv[0] <= STARTUP_GOAL_MILLIS) ? "met."
						: "**not met**: what remains is loading classes, not waiting.");
	}

	/**
	 * The start-up time an application's auto-configuration adds, then the time it adds with the first use.
	 */
	private static long[] startupCosts(Markdown.Table table, StartupCheck.Variant variant) {
		return new long[] { Long.parseLong(table.cell(1, "\\d+ ms", variant.description).replace(" ms", "")),
				Long.parseLong(table.cell(3, "\\d+ ms", variant.description).replace(" ms", "")) };
	}

	/**
	 * A paragraph wrapped at the README's width, a number kept on the line of the word after it ("100 MiB").
	 */
	private static String wrap(String paragraph) {
		StringBuilder text = new StringBuilder();
		int lineStart = 0;
		for (String word : paragraph.split("(?<!(?:^| )[\\d,.]{0,20}\\d) ")) {
			if (text.length() > lineStart && text.length() - lineStart + 1 + word.length() > WIDTH) {
				text.append('\n');
				lineStart = text.length();
			}
			else if (text.length() > lineStart) {
				text.append(' ');
			}
			text.append(word);
		}
		return text.append('\n').toString();
	}

	private static String table(String title, List<String> rows) {
		StringBuilder text = new StringBuilder(row(title, "goal", "measured")).append("|---|---|---|\n");
		rows.forEach(text::append);
		return text.toString();
	}

	private static String row(String what, String goal, String measured) {
		return "| " + what + " | " + (goal.isEmpty() ? "" : goal + " ") + "| " + measured + " |\n";
	}

	private static String mark(Goal goal, double ratio) {
		return (goal != null) ? goal.mark(ratio) : times(ratio);
	}

	/**
	 * A ratio as shown: two decimals below 2 ("0.98x"), one below 10 ("4.2x"), none from 10 ("36x").
	 */
	static String times(double ratio) {
		return shown(ratio).toPlainString() + "x";
	}

	private static BigDecimal shown(double ratio) {
		int decimals = (ratio >= 9.95) ? 0 : (ratio >= 1.995) ? 1 : 2;
		return BigDecimal.valueOf(ratio).setScale(decimals, RoundingMode.HALF_UP);
	}

	/**
	 * A goal on a ratio, met or not as the ratio is shown; a missed goal's ratio is shown in bold.
	 */
	record Goal(boolean atLeast, double bound) {

		static Goal atLeast(double bound) {
			return new Goal(true, bound);
		}

		static Goal atMost(double bound) {
			return new Goal(false, bound);
		}

		boolean metBy(double ratio) {
			int comparison = shown(ratio).compareTo(BigDecimal.valueOf(this.bound));
			return this.atLeast ? comparison >= 0 : comparison <= 0;
		}

		String mark(double ratio) {
			return metBy(ratio) ? times(ratio) : "**" + times(ratio) + "**";
		}

		@Override
		public String toString() {
			return (this.atLeast ? "≥ " : "≤ ") + BigDecimal.valueOf(this.bound).stripTrailingZeros().toPlainString()
					+ "x";
		}

	}

	/**
	 * A row of benchmarks.md: "6,017" "ops/s", its ratio to the first variant of its scenario.
	 */
	record Figure(String number, String unit, double value, double ratio) {

		String text() {
			return this.number + " " + this.unit;
		}

	}

	/**
	 * The table of benchmarks.md, a row for each variant of each scenario.
	 */
	private static final class Figures {

		private final Markdown report;

		private final Markdown.Table table;

		Figures(Markdown report) {
			this.report = report;
			this.table = report.table(2, "scenario", "variant", "figure", "ratio");
		}

		Figure figure(String scenario, String variant) {
			String figure = this.table.cell(0, "[\\d,]+(\\.\\d+)? [^ ]+", scenario, variant);
			String ratio = this.table.cell(1, "\\d+\\.\\d\\dx", scenario, variant);
			String number = figure.substring(0, figure.indexOf(' '));
			return new Figure(number, figure.substring(number.length() + 1),
					Double.parseDouble(number.replace(",", "")),
					Double.parseDouble(ratio.substring(0, ratio.length() - 1)));
		}

		/**
		 * A variant's ratio to the baseline its scenario's ratios are taken against, which must be the scenario's
		 * first variant (its ratio 1.00x).
		 */
		double ratio(String scenario, String variant, String baseline) {
			if (figure(scenario, baseline).ratio() != 1) {
				throw new IllegalStateException(this.report.file() + ": " + Markdown.Table.describe(List.of(scenario,
						baseline)) + " is not the first variant of its scenario (ratio 1.00x), which the "
						+ "README's figures compare with");
			}
			return figure(scenario, variant).ratio();
		}

		/**
		 * kv-spring's ratio to Spring Data Redis.
		 */
		double redisRatio(String scenario, String variant) {
			return ratio(scenario, variant, "Spring Data Redis");
		}

		/**
		 * One variant's figure over another's (both higher-is-better).
		 */
		double quotient(String scenario, String variant, String other) {
			List<Figure> figures = inOneUnit(scenario, variant, other);
			return figures.get(0).value() / figures.get(1).value();
		}

		/**
		 * Two variants' figures: "4,825 vs 1,377 ops/s" with the separator " vs ".
		 */
		String pair(String scenario, String variant, String separator, String other) {
			List<Figure> figures = inOneUnit(scenario, variant, other);
			return figures.get(0).number() + separator + figures.get(1).text();
		}

		/**
		 * Variants' figures of a scenario, which must have the same unit to be compared.
		 */
		List<Figure> inOneUnit(String scenario, String... variants) {
			List<Figure> figures = Stream.of(variants).map((variant) -> figure(scenario, variant)).toList();
			if (figures.stream().map(Figure::unit).distinct().count() != 1) {
				throw new IllegalStateException(this.report.file() + ": the variants " + List.of(variants) + " of "
						+ scenario + " compared in the README have different units");
			}
			return figures;
		}

	}

}
