package io.github.kvspring.data.core;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * The revisions of this client's own most recent writes, per bucket and key, so that a read can tell whether a
 * replica answered with an older revision. Bounded: each bucket remembers its most recently written keys up to
 * the capacity; a key evicted from memory is read directly again, so a read of it right after this client wrote
 * it long ago (more than capacity other keys since) may see an older revision on a replicated bucket.
 */
final class KvOwnWrites {

	private final int capacity;

	private final ReentrantLock lock = new ReentrantLock();

	private final Map<String, LinkedHashMap<String, Long>> buckets = new HashMap<>();

	KvOwnWrites(int capacity) {
		this.capacity = capacity;
	}

	void record(String bucket, String key, long revision) {
		this.lock.lock();
		try {
			LinkedHashMap<String, Long> keys = this.buckets.computeIfAbsent(bucket, (name) -> new LinkedHashMap<>(16,
					0.75f, true) {
				@Override
				protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
					return size() > KvOwnWrites.this.capacity;
				}
			});
			keys.merge(key, revision, Math::max);
		}
		finally {
			this.lock.unlock();
		}
	}

	@Nullable Long lastRevision(String bucket, String key) {
		this.lock.lock();
		try {
			LinkedHashMap<String, Long> keys = this.buckets.get(bucket);
			return (keys != null) ? keys.get(key) : null;
		}
		finally {
			this.lock.unlock();
		}
	}

	void forget(String bucket) {
		this.lock.lock();
		try {
			this.buckets.remove(bucket);
		}
		finally {
			this.lock.unlock();
		}
	}

}
