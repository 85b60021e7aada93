package io.github.kvspring.data.listener;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.github.kvspring.data.core.KvEntry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a listener method was handed, checked for what the delivery contract promises: each revision once, each
 * key's revisions in order, never two calls for one key at the same time.
 */
class Deliveries implements KvEntryHandler {

	private final Map<String, List<Long>> byKey = new ConcurrentHashMap<>();

	private final Set<String> busy = ConcurrentHashMap.newKeySet();

	private final AtomicInteger count = new AtomicInteger();

	private final AtomicInteger overlaps = new AtomicInteger();

	private final long workNanos;

	/**
	 * @param workNanos how long each call works (a slow method), 0 for none
	 */
	Deliveries(long workNanos) {
		this.workNanos = workNanos;
	}

	@Override
	public void handle(KvEntry<byte[]> entry) {
		if (!this.busy.add(entry.key())) {
			this.overlaps.incrementAndGet();
		}
		try {
			if (this.workNanos > 0) {
				LockSupport.parkNanos(this.workNanos);
			}
			this.byKey.computeIfAbsent(entry.key(), (key) -> Collections.synchronizedList(new ArrayList<>())).add(entry.revision());
			this.count.incrementAndGet();
		}
		finally {
			this.busy.remove(entry.key());
		}
	}

	List<Long> revisions(String key) {
		return List.copyOf(this.byKey.getOrDefault(key, List.of()));
	}

	/**
	 * Asserts that no revision arrived twice, each key's in ascending order, and no key was handled by two calls
	 * at once.
	 */
	void assertInOrderWithoutDuplicates() {
		assertThat(this.overlaps.get()).as("calls overlapping on one key").isZero();
		this.byKey.forEach((key, revisions) -> assertThat(revisions).as("revisions of " + key).isSorted()
			.doesNotHaveDuplicates());
	}

	int count() {
		return this.count.get();
	}

	/**
	 * Asserts that exactly the given revisions arrived, each once, each key's in ascending order, and no key was
	 * handled by two calls at once.
	 */
	void assertExactly(Map<String, List<Long>> expected) {
		assertInOrderWithoutDuplicates();
		assertThat(this.byKey).containsExactlyInAnyOrderEntriesOf(expected);
	}

}
