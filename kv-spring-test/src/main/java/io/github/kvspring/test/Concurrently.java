package io.github.kvspring.test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs the same work on several threads at once and waits for all of them, rethrowing the first failure.
 */
public final class Concurrently {

	private Concurrently() {
	}

	/**
	 * Runs {@code iterations} calls of the action on each of {@code threads} threads.
	 * @param threads how many threads
	 * @param iterations how many calls per thread
	 * @param action the work
	 * @throws Exception the first failure of any thread
	 */
	public static void run(int threads, int iterations, Runnable action) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> workers = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				workers.add(executor.submit(() -> {
					for (int i = 0; i < iterations; i++) {
						action.run();
					}
				}));
			}
			for (Future<?> worker : workers) {
				try {
					worker.get();
				}
				catch (ExecutionException ex) {
					throw (ex.getCause() instanceof Exception cause) ? cause : ex;
				}
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

}
