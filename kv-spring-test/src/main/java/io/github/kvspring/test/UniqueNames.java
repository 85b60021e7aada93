package io.github.kvspring.test;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names that no other test of the run uses, so that tests sharing a server never see each other's buckets.
 */
public final class UniqueNames {

	private static final AtomicInteger counter = new AtomicInteger();

	private static final String run = Long.toString(System.nanoTime() % 1_000_000, 36);

	private UniqueNames() {
	}

	/**
	 * A bucket name starting with the given prefix, unique within the test run.
	 * @param prefix a valid bucket-name prefix, such as {@code orders}
	 * @return the name, such as {@code orders-4f2a-17}
	 */
	public static String bucket(String prefix) {
		return prefix + "-" + run + "-" + counter.incrementAndGet();
	}

}
