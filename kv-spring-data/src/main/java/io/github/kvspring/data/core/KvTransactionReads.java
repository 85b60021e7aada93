package io.github.kvspring.data.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * What one transaction read: the entry it saw of each key (kept, so that reading a key again reads the same), and,
 * in a {@link KvIsolation#SERIALIZABLE} transaction, the newest revision under each filter it read a range of,
 * read before the range itself so that its commit can check nothing changed under the filter since.
 */
final class KvTransactionReads {

	private final String bucket;

	private final KvIsolation isolation;

	private final KvReads reads;

	private final KvBucketScanner scanner;

	/** The entry the transaction saw of each key it read or wrote ({@code null}: none). */
	private final Map<String, @Nullable KvRawEntry> seen = new LinkedHashMap<>();

	/** The keys whose entry a range read saw first: in a serializable transaction that range's check covers them. */
	private final Set<String> seenInRange = new HashSet<>();

	/** The newest revision under each filter a serializable transaction read, read before the range. */
	private final Map<String, Long> ranges = new LinkedHashMap<>();

	KvTransactionReads(String bucket, KvIsolation isolation, KvReads reads, KvBucketScanner scanner) {
		this.bucket = bucket;
		this.isolation = isolation;
		this.reads = reads;
		this.scanner = scanner;
	}

	/**
	 * The entry the transaction saw of a key, read now if it has not seen it yet.
	 */
	@Nullable KvRawEntry see(String key) {
		if (!this.seen.containsKey(key)) {
			this.seen.put(key, this.reads.readLatest(this.bucket, key));
		}
		return this.seen.get(key);
	}

	/**
	 * The revision the transaction saw of a key: 0 for none.
	 */
	long seenRevision(String key) {
		KvRawEntry entry = this.seen.get(key);
		return (entry != null) ? entry.revision() : 0;
	}

	/**
	 * The entries with a value under a filter as the transaction sees them: the bucket's, in revision order, with
	 * the transaction's own view of every key it read or wrote (keys not in the bucket's answer last). Entries read
	 * with their values are kept as seen.
	 * @param keysOnly whether to read the keys without their values
	 * @param written the keys the transaction writes
	 * @param view the transaction's view of a key it read or wrote
	 */
	List<KvRawEntry> range(String filter, boolean keysOnly, Set<String> written,
			Function<String, @Nullable KvRawEntry> view) {
		recordRange(filter);
		Map<String, KvRawEntry> scanned = new LinkedHashMap<>();
		try (Stream<KvRawEntry> entries = this.scanner.scan(this.bucket,
				new KvBucketScanner.Scan(List.of(filter), true, keysOnly))) {
			entries.forEach((entry) -> scanned.put(entry.key(), entry));
		}
		Set<String> keys = new LinkedHashSet<>(scanned.keySet());
		Stream.concat(this.seen.keySet().stream(), written.stream())
			.filter((key) -> KvKeyFilters.matches(filter, key))
			.forEach(keys::add);
		List<KvRawEntry> found = new ArrayList<>();
		for (String key : keys) {
			KvRawEntry entry;
			if (this.seen.containsKey(key) || written.contains(key)) {
				entry = view.apply(key);
			}
			else {
				entry = scanned.get(key);
				if (!keysOnly) {
					this.seen.put(key, entry);
					this.seenInRange.add(key);
				}
			}
			if (entry != null && entry.operation().isPut()) {
				found.add(entry);
			}
		}
		return found;
	}

	/**
	 * Records a range read by a serializable transaction: the newest revision under the filter, read from the
	 * stream leader before the range itself; the first read of a filter counts. A transaction in another mode
	 * records nothing.
	 */
	void recordRange(String filter) {
		if (this.isolation == KvIsolation.SERIALIZABLE && !this.ranges.containsKey(filter)) {
			this.ranges.put(filter, this.reads.lastMatchingRevision(this.bucket, List.of(filter)));
		}
	}

	/**
	 * Whether the transaction read anything (a key it writes counts: it is read when written).
	 */
	boolean hasReads() {
		return !this.seen.isEmpty() || !this.ranges.isEmpty();
	}

	/**
	 * What the transaction read without writing it, for its commit's checks: the keys other than those a range
	 * read saw first (their range covers them), and the ranges.
	 */
	KvTransactionChecks.ReadSet readSet(Set<String> written) {
		Map<String, Long> keys = new LinkedHashMap<>();
		for (String key : this.seen.keySet()) {
			if (!written.contains(key) && !this.seenInRange.contains(key)) {
				keys.put(key, seenRevision(key));
			}
		}
		return new KvTransactionChecks.ReadSet(keys, new LinkedHashMap<>(this.ranges));
	}

	/**
	 * What the transaction read without writing it, for a message.
	 */
	String describe(Set<String> written) {
		List<String> keys = new ArrayList<>(this.seen.keySet());
		keys.removeAll(written);
		String described = keys.isEmpty() ? "" : KvMessages.keys(keys);
		if (!this.ranges.isEmpty()) {
			described += (described.isEmpty() ? "" : " and ") + "key range"
					+ KvMessages.keys(List.copyOf(this.ranges.keySet())).substring("key".length());
		}
		return described;
	}

}
