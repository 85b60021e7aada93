package io.github.kvspring.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Times a piece of work: warm-up runs first, then repeated runs; reports the median throughput.
 */
final class Measurement {

	static final int WARMUPS = 2;

	static final int RUNS = 7;

	private Measurement() {
	}

	/**
	 * Work that performs a number of operations per run.
	 */
	@FunctionalInterface
	interface Work {

		void run() throws Exception;

	}

	/**
	 * A way to do a scenario's work.
	 *
	 * @param name the variant's name
	 * @param setup runs before each timed run, untimed
	 * @param work the timed work
	 */
	record Variant(String name, Work setup, Work work) {

		static Variant of(String name, Work work) {
			return new Variant(name, () -> {
			}, work);
		}

	}

	/**
	 * The median operations per second of each variant, the variants' runs interleaved (one run of each in turn,
	 * starting with a different variant each time) so that a drift of the machine's or the server's speed during
	 * the measurement hits them all alike. Fewer runs than
	 * {@link #RUNS} (for scenarios whose slowest variant takes many seconds) come after one warm-up run.
	 */
	static double[] interleaved(int operations, int runs, List<Variant> variants) throws Exception {
		List<List<Double>> rates = new ArrayList<>();
		variants.forEach((variant) -> rates.add(new ArrayList<>()));
		int warmups = (runs >= RUNS) ? WARMUPS : 1;
		for (int run = 0; run < warmups + runs; run++) {
			// Each run starts with the next variant, so that none always runs first (or last) in a round.
			for (int step = 0; step < variants.size(); step++) {
				int v = (run + step) % variants.size();
				Variant variant = variants.get(v);
				variant.setup().run();
				long start = System.nanoTime();
				variant.work().run();
				if (run >= warmups) {
					rates.get(v).add(operations / ((System.nanoTime() - start) / 1e9));
				}
			}
		}
		double[] medians = new double[variants.size()];
		for (int v = 0; v < variants.size(); v++) {
			List<Double> sorted = new ArrayList<>(rates.get(v));
			Collections.sort(sorted);
			medians[v] = sorted.get(sorted.size() / 2);
		}
		return medians;
	}

	static double percentile(List<Long> nanos, double percentile) {
		List<Long> sorted = new ArrayList<>(nanos);
		Collections.sort(sorted);
		return sorted.get((int) Math.min(sorted.size() - 1, Math.round(percentile / 100 * (sorted.size() - 1)))) / 1000.0;
	}

}
