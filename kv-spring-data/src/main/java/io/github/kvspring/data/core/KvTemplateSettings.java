package io.github.kvspring.data.core;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The settings of a {@link KeyValueTemplate} that its read and write paths consult on every call: the read
 * consistency of each bucket, the memory of this client's own writes behind read-your-writes, how long a call
 * retries while a bucket has no stream leader, and how many attempts a modify makes on a contended key. One
 * instance per template, shared by its helpers, so that a setter called on a running template takes effect at
 * once. The template checks the arguments.
 */
final class KvTemplateSettings {

	private final Map<String, KvReadConsistency> readConsistencies = new ConcurrentHashMap<>();

	private volatile KvReadConsistency defaultReadConsistency = KvReadConsistency.READ_YOUR_WRITES;

	private volatile KvOwnWrites ownWrites = new KvOwnWrites(10_000);

	private volatile Duration noLeaderRetryTimeout = Duration.ofSeconds(15);

	private volatile int maxModifyAttempts = 100;

	KvReadConsistency readConsistency(String bucket) {
		return this.readConsistencies.getOrDefault(bucket, this.defaultReadConsistency);
	}

	void setDefaultReadConsistency(KvReadConsistency consistency) {
		this.defaultReadConsistency = consistency;
	}

	void setReadConsistency(String bucket, KvReadConsistency consistency) {
		this.readConsistencies.put(bucket, consistency);
	}

	/**
	 * Records a write of this client's where the bucket's reads are to see it.
	 */
	void recordOwnWrite(String bucket, String key, long revision) {
		if (readConsistency(bucket) == KvReadConsistency.READ_YOUR_WRITES) {
			ownWrites().record(bucket, key, revision);
		}
	}

	/**
	 * The revisions of this client's own latest writes; replaced as a whole when its capacity is set.
	 */
	KvOwnWrites ownWrites() {
		return this.ownWrites;
	}

	void setOwnWritesCapacity(int capacity) {
		this.ownWrites = new KvOwnWrites(capacity);
	}

	Duration noLeaderRetryTimeout() {
		return this.noLeaderRetryTimeout;
	}

	void setNoLeaderRetryTimeout(Duration timeout) {
		this.noLeaderRetryTimeout = timeout;
	}

	/**
	 * How many attempts a modify makes before giving up on a contended key.
	 */
	int maxModifyAttempts() {
		return this.maxModifyAttempts;
	}

	void setMaxModifyAttempts(int attempts) {
		this.maxModifyAttempts = attempts;
	}

}
