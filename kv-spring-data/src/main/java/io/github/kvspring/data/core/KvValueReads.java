package io.github.kvspring.data.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The key reads of a {@link KeyValueTemplate} as typed entries, on keys it has checked: an entry is returned only
 * where the key's entry is a put. Where this thread has a managed transaction ({@link KvTransactionJoin}), the
 * latest value is read through it, so that it sees its own writes and its commit checks what it read; a read at
 * a revision is answered by the bucket all the same.
 */
final class KvValueReads {

	private final KvTransactionJoin joined;

	private final KvConversion conversion;

	private final KvReads reads;

	KvValueReads(KvTransactionJoin joined, KvConversion conversion, KvReads reads) {
		this.joined = joined;
		this.conversion = conversion;
		this.reads = reads;
	}

	<T> @Nullable KvEntry<T> get(String bucket, String key, Class<T> type) {
		KvTransactionRunner.Transaction transaction = this.joined.reading(bucket);
		if (transaction != null) {
			return transaction.get(key, type);
		}
		KvRawEntry latest = this.reads.readLatest(bucket, key);
		return (latest != null && latest.operation().isPut()) ? this.conversion.toEntry(bucket, latest, type) : null;
	}

	<T> @Nullable KvEntry<T> get(String bucket, String key, long revision, Class<T> type) {
		KvRawEntry entry = this.reads.readRevision(bucket, key, revision);
		return (entry != null && entry.key().equals(key) && entry.operation().isPut())
				? this.conversion.toEntry(bucket, entry, type) : null;
	}

	/**
	 * The entries of the keys that have a value, in the keys' order.
	 */
	<T> Map<String, KvEntry<T>> getAll(String bucket, List<String> keys, Class<T> type) {
		KvTransactionRunner.Transaction transaction = this.joined.reading(bucket);
		if (transaction == null) {
			return this.reads.getAll(bucket, keys, (entry) -> this.conversion.toEntry(bucket, entry, type));
		}
		Map<String, KvEntry<T>> found = new LinkedHashMap<>();
		for (String key : keys) {
			KvEntry<T> entry = transaction.get(key, type);
			if (entry != null) {
				found.put(key, entry);
			}
		}
		return found;
	}

}
