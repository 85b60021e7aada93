package io.github.kvspring.data.core;

import java.util.HashSet;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Decides, entry by entry, what one scan returns, so that it answers like one read of the bucket, and when it
 * ends. The consumer delivers in stream order: with deliver-last-per-key, the last entry of every matching key as
 * of the consumer's creation (no key twice), followed by every later write. Every bound below is the newest
 * matching revision read from the stream leader, so it covers every acknowledged write, this client's included.
 * <ul>
 * <li>Entries at or below the <em>bound</em>, read before the consumer was created, are returned as they come: no
 * key is among them twice.</li>
 * <li>A key comes again only above the bound, written during the scan. Such an entry is returned only if its key
 * has not been returned yet: keys returned at or below the bound are remembered as 64-bit fingerprints (8 bytes
 * a key), keys returned above it as they are (no more than were written during the scan).</li>
 * <li>Above the bound a key may be <em>owed</em>: it existed when the scan began, but a write during the scan
 * removed its old entry before the consumer got there (always so on a history-1 bucket, after history-many
 * writes otherwise), so it comes only at a newer revision. That write happened before the consumer passed the
 * bound, so it lies at or below the <em>tail</em>: the newest matching revision read when the first entry above
 * the bound arrives. The scan ends at the first entry above the tail: it ends even on a bucket written faster
 * than it is read.</li>
 * <li>It also ends once it has passed the newest matching revision, checked with the leader whenever the
 * consumer reports nothing pending or stays silent (its pending count is not exact under concurrent writes: it
 * reported 0 with a rewritten key still to come, measured here; and a consumer on a replica that lags has not
 * counted the latest writes yet).</li>
 * </ul>
 * So every key that existed for the whole scan is returned exactly once, with a value it held during the scan,
 * except a key rewritten again after the scan passed the bound and before it reached that key's newer entry (on
 * a history-1 bucket each rewrite removes the entry the scan is heading for, so a key rewritten faster than the
 * scan reads can stay ahead of it), or one whose fingerprint equals that of a key returned before (odds of about
 * one in 2^64 per pair). A key created or removed during the scan may or may not be returned. A scan of every
 * retained entry (history) returns the entries at or below the bound.
 * <p>
 * On a bucket with atomic writes (transactions) a scan returns the bucket exactly as of the bound, so that it never
 * shows part of a transaction: for a key it would return above the bound, it returns the key's entry as of the
 * bound instead, read from the stream ({@link Admission#AS_OF_BOUND}). A key created after the bound (its entry says
 * no earlier one existed) is left out, as one created during any scan may be; a key whose entry at the bound is gone
 * (rewritten more often than the bucket keeps) cannot be returned as it was, and the scan ends with
 * {@link KvScanConflictException} instead of returning it newer; so does a key that comes a second time at or below
 * the bound (a consumer on a replica behind the leader began before the bound, and returned it older).
 */
final class KvScanSnapshot {

	private final long bound;

	private final boolean lastPerKey;

	private final LongSupplier newestRevision;

	private final boolean asOfBound;

	private final KvKeyFingerprints returnedUpToBound = new KvKeyFingerprints();

	private final Set<String> returnedAboveBound = new HashSet<>();

	private long tail;

	private long position;

	/**
	 * @param bound the newest matching revision when the scan began
	 * @param lastPerKey whether the scan reads each key's last entry (else every retained entry)
	 * @param newestRevision reads the newest matching revision now, from the stream leader
	 * @param asOfBound whether to return the bucket exactly as of the bound (a bucket with atomic writes)
	 */
	KvScanSnapshot(long bound, boolean lastPerKey, LongSupplier newestRevision, boolean asOfBound) {
		this.bound = bound;
		this.lastPerKey = lastPerKey;
		this.newestRevision = newestRevision;
		this.asOfBound = asOfBound;
	}

	long bound() {
		return this.bound;
	}

	/**
	 * Whether the scan has passed every matching entry it needs, asked when the consumer reports nothing pending
	 * or stays silent.
	 */
	boolean complete() {
		return (this.tail != 0 && this.position >= this.tail) || this.newestRevision.getAsLong() <= this.position;
	}

	/**
	 * What to do with one delivered entry.
	 */
	Admission admit(KvRawEntry entry) {
		long revision = entry.revision();
		this.position = revision;
		boolean returned;
		if (revision <= this.bound) {
			if (this.lastPerKey) {
				if (this.asOfBound && this.returnedUpToBound.contains(entry.key())) {
					// A consumer on a replica behind the leader started before the bound: the entry returned
					// earlier was older than the bound, and cannot be taken back.
					return Admission.CONFLICT;
				}
				this.returnedUpToBound.add(entry.key());
			}
			returned = true;
		}
		else {
			if (!this.lastPerKey) {
				return Admission.END;
			}
			if (this.tail == 0) {
				this.tail = Math.max(this.bound, this.newestRevision.getAsLong());
			}
			if (revision > this.tail) {
				return Admission.END;
			}
			returned = !this.returnedUpToBound.contains(entry.key()) && this.returnedAboveBound.add(entry.key());
		}
		boolean last = (this.tail != 0 && revision >= this.tail) || (entry.delta() == 0 && complete());
		if (returned && revision > this.bound && this.asOfBound) {
			return last ? Admission.AS_OF_BOUND_LAST : Admission.AS_OF_BOUND;
		}
		if (returned) {
			return last ? Admission.RETURN_LAST : Admission.RETURN;
		}
		return last ? Admission.END : Admission.SKIP;
	}

	/**
	 * What the scan does with a delivered entry.
	 */
	enum Admission {

		/** Return it and read on. */
		RETURN,

		/** Return it and end. */
		RETURN_LAST,

		/** Leave it out and read on. */
		SKIP,

		/** Leave it out and end. */
		END,

		/** Return the key's entry as of the bound instead, and read on. */
		AS_OF_BOUND,

		/** Return the key's entry as of the bound instead, and end. */
		AS_OF_BOUND_LAST,

		/** End, failing: what was returned is not the bucket as of the bound. */
		CONFLICT;

		boolean returned() {
			return this == RETURN || this == RETURN_LAST;
		}

		boolean ends() {
			return this == RETURN_LAST || this == END || this == AS_OF_BOUND_LAST;
		}

		boolean asOfBound() {
			return this == AS_OF_BOUND || this == AS_OF_BOUND_LAST;
		}

	}

}
