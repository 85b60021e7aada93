package io.github.kvspring.data.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link KvIsolation#SERIALIZABLE} transaction's commit checks beyond its written keys: the keys and key
 * ranges it only read. The server checks one subject per message ({@code Nats-Expected-Last-Subject-Sequence},
 * pointed at another subject or a wildcard by {@code Nats-Expected-Last-Subject-Sequence-Subject}), and every
 * written key needs its own check. So some written keys' messages (carriers) check a covering filter instead: the
 * narrowest filter over the carrier's own key and the reads it takes, expecting that filter's newest revision
 * read at commit; the reads, and the carriers' own keys, are then read again from the stream leader and must
 * still be at the revisions the transaction saw. Whatever changes after the newest revision was read fails the
 * commit on the server; whatever changed before is caught by the reading again. Where a cover would be the whole
 * bucket, or the bucket is replicated, the first message checks the stream's last sequence
 * ({@code Nats-Expected-Last-Sequence}) instead, besides its own key.
 * <p>
 * Measured (nats-server 2.15.1): a batch message's filter is checked against the stream as it was before the
 * batch (other messages of the batch writing under it do not fail it), and a new key under it fails it. On a
 * one-replica stream the check is exact under concurrent writes (0 of 884 batches let a write under their filter
 * through). On a replicated stream the server checks a filter against the writes it has applied only, not
 * against writes still being replicated (171 of 279 batches committed although a write under their filter had
 * landed first), while it checks the stream's last sequence against every write it has accepted (none of 1,500).
 */
final class KvTransactionChecks {

	private final KvReads reads;

	private final Function<String, @Nullable KvBucketInfo> bucketInfo;

	KvTransactionChecks(KvReads reads, Function<String, @Nullable KvBucketInfo> bucketInfo) {
		this.reads = reads;
		this.bucketInfo = bucketInfo;
	}

	/**
	 * What a transaction read without writing it.
	 *
	 * @param keys the revision seen of each key read (0: absent), other than keys covered by a range read
	 * @param ranges the newest revision under each filter read, read before the range itself
	 */
	record ReadSet(Map<String, Long> keys, Map<String, Long> ranges) {

		static final ReadSet NONE = new ReadSet(Map.of(), Map.of());

		boolean isEmpty() {
			return this.keys.isEmpty() && this.ranges.isEmpty();
		}

		List<String> items() {
			List<String> items = new ArrayList<>(this.keys.keySet());
			items.addAll(this.ranges.keySet());
			return items;
		}

	}

	/**
	 * A carrier's check.
	 *
	 * @param filter the covering filter
	 * @param expected its newest revision when the commit began (0: none)
	 */
	record Cover(String filter, long expected) {

	}

	/**
	 * What a commit's messages carry beyond their own keys' checks.
	 *
	 * @param streamSequence the stream's last sequence the first message expects, if the whole bucket is checked
	 * @param covers the cover each carrier checks instead of its own key, by key
	 */
	record Checks(@Nullable Long streamSequence, Map<String, Cover> covers) {

		static final Checks NONE = new Checks(null, Map.of());

		/**
		 * The filters checked for the reads, for a conflict's message.
		 */
		List<String> filters() {
			return (this.streamSequence != null) ? List.of(KvKeyFilters.EVERY_KEY)
					: this.covers.values().stream().map(Cover::filter).distinct().toList();
		}

	}

	/**
	 * Assigns each read to a written key whose cover it widens least, preferring keys already carrying: the
	 * narrowest cover of each carrier, by key.
	 * @param writtenKeys the keys written, in order
	 * @param items the keys and filters read only
	 * @return the covers; one is {@value KvKeyFilters#EVERY_KEY} if the reads cannot be covered more narrowly
	 */
	static Map<String, String> plan(List<String> writtenKeys, List<String> items) {
		Map<String, String> covers = new LinkedHashMap<>();
		for (String item : items) {
			String bestKey = writtenKeys.get(0);
			String bestCover = KvKeyFilters.EVERY_KEY;
			int bestScore = -1;
			boolean bestCarries = false;
			for (String key : writtenKeys) {
				String current = covers.get(key);
				boolean carries = current != null;
				String candidate = KvKeyFilters.cover((current != null) ? current : key, item);
				int score = KvKeyFilters.narrowness(candidate);
				if (score > bestScore || (score == bestScore && carries && !bestCarries)) {
					bestKey = key;
					bestCover = candidate;
					bestScore = score;
					bestCarries = carries;
				}
			}
			covers.put(bestKey, bestCover);
		}
		return covers;
	}

	/**
	 * The checks of a commit that writes, read and validated now: nothing is sent if a read changed.
	 * @param bucket the bucket
	 * @param writtenKeys the keys written, in order
	 * @param seenRevisions the revision the transaction saw of each written key
	 * @param readSet what it read only
	 * @throws KvTransactionConflictException if a read changed since the transaction read it
	 */
	Checks prepare(String bucket, List<String> writtenKeys, Map<String, Long> seenRevisions, ReadSet readSet) {
		if (readSet.isEmpty()) {
			return Checks.NONE;
		}
		KvBucketInfo info = this.bucketInfo.apply(bucket);
		if (info == null) {
			throw new KvBucketNotFoundException(bucket, null);
		}
		Map<String, String> plan = plan(writtenKeys, readSet.items());
		Checks checks;
		Map<String, Long> alsoValidated = new LinkedHashMap<>();
		if (info.definition().replicas() > 1 || plan.containsValue(KvKeyFilters.EVERY_KEY)) {
			checks = new Checks(info.lastRevision(), Map.of());
		}
		else {
			Map<String, Cover> covers = new LinkedHashMap<>();
			plan.forEach((key, filter) -> {
				covers.put(key, new Cover(filter, this.reads.lastMatchingRevision(bucket, List.of(filter))));
				// The carrier's own key is checked only through its cover.
				alsoValidated.put(key, seenRevisions.getOrDefault(key, 0L));
			});
			checks = new Checks(null, covers);
		}
		// Read after the expected revisions: a change since is refused by the server, one before is found here.
		Map<String, Long> keys = new LinkedHashMap<>(readSet.keys());
		keys.putAll(alsoValidated);
		validate(bucket, new ReadSet(keys, readSet.ranges()), checks.filters());
		return checks;
	}

	/**
	 * Reads every key and range again from the stream leader.
	 * @throws KvTransactionConflictException naming what changed, if anything did
	 */
	void validate(String bucket, ReadSet readSet, List<String> checkedFilters) {
		ReadSet changed = changed(bucket, readSet);
		if (!changed.isEmpty()) {
			throw new KvTransactionConflictException(bucket, List.copyOf(changed.keys().keySet()),
					List.copyOf(changed.ranges().keySet()), checkedFilters, null);
		}
	}

	/**
	 * The keys and ranges whose newest revision, read from the stream leader, is not the one the transaction saw.
	 */
	ReadSet changed(String bucket, ReadSet readSet) {
		Map<String, Long> keys = new LinkedHashMap<>();
		readSet.keys().forEach((key, seen) -> {
			KvRawEntry now = this.reads.leaderRead(bucket, key);
			long revision = (now != null) ? now.revision() : 0;
			if (revision != seen) {
				keys.put(key, revision);
			}
		});
		Map<String, Long> ranges = new LinkedHashMap<>();
		readSet.ranges().forEach((filter, seen) -> {
			long revision = this.reads.lastMatchingRevision(bucket, List.of(filter));
			if (revision != seen) {
				ranges.put(filter, revision);
			}
		});
		return new ReadSet(keys, ranges);
	}

}
