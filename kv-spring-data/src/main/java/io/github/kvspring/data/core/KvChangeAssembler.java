package io.github.kvspring.data.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import io.nats.client.impl.Headers;
import io.nats.client.support.NatsJetStreamConstants;
import org.jspecify.annotations.Nullable;

/**
 * Puts the entries a watch receives, in stream order, together into <em>changes</em>: an entry written on its own
 * is a change of one; the entries of one transaction (an atomic batch, whose stored messages keep the
 * {@code Nats-Batch-Id} header) are one change, released only once all of them that the watch matches have
 * arrived. The server stores a batch at once and at consecutive revisions, so its entries arrive together, and its
 * end is known at the batch's commit entry, at an entry that belongs to another batch or none, or — when the
 * commit entry lies outside the watch's filters — at the revision {@link KvBatchEnds} finds, which the watch asks
 * for when the server has nothing more pending for it.
 * <p>
 * Entries the watch leaves out (deletes, when it ignores them) are still fed, as {@code null}, for the batch
 * boundaries they carry. Not thread-safe: one watch's reader feeds and takes.
 *
 * @param <E> what the watch hands on per entry
 */
final class KvChangeAssembler<E> {

	private static final String BATCH_ID = NatsJetStreamConstants.NATS_BATCH_ID_HDR;

	private static final String BATCH_COMMIT = NatsJetStreamConstants.NATS_BATCH_COMMIT_HDR;

	private final ArrayDeque<List<E>> ready = new ArrayDeque<>();

	private final List<E> open = new ArrayList<>();

	private @Nullable String openBatch;

	private long fed;

	/** Where the held transaction ends for this watch, once known without its commit entry; else 0. */
	private long endsAt;

	private long released;

	/**
	 * Feeds the next entry the watch received.
	 * @param entry what to hand on, or {@code null} for an entry the watch leaves out
	 * @param revision the entry's revision
	 * @param headers the entry's headers, or {@code null}
	 */
	void add(@Nullable E entry, long revision, @Nullable Headers headers) {
		String batch = (headers != null) ? headers.getFirst(BATCH_ID) : null;
		if (this.openBatch != null && !this.openBatch.equals(batch)) {
			release();
		}
		this.fed = revision;
		if (batch == null) {
			if (entry != null) {
				this.ready.add(List.of(entry));
			}
			this.released = revision;
			return;
		}
		this.openBatch = batch;
		if (entry != null) {
			this.open.add(entry);
		}
		if ((headers != null && headers.containsKey(BATCH_COMMIT)) || (this.endsAt > 0 && revision >= this.endsAt)) {
			release();
		}
	}

	/**
	 * The transaction whose entries are held because its end is not known yet, if any.
	 * @return its batch id, or {@code null} when none is held or its end is known
	 */
	@Nullable String batchOfUnknownEnd() {
		return (this.endsAt == 0) ? this.openBatch : null;
	}

	/**
	 * The revision of the entry fed last.
	 * @return the revision, or 0
	 */
	long fed() {
		return this.fed;
	}

	/**
	 * Says where the held transaction ends for this watch: it is released once that revision has been fed, at
	 * once if it has.
	 * @param revision the revision of its last entry the watch matches
	 */
	void endsAt(long revision) {
		if (revision <= this.fed) {
			release();
		}
		else {
			this.endsAt = revision;
		}
	}

	private void release() {
		if (!this.open.isEmpty()) {
			this.ready.add(List.copyOf(this.open));
			this.open.clear();
		}
		this.openBatch = null;
		this.endsAt = 0;
		this.released = this.fed;
	}

	/**
	 * Takes the oldest complete change.
	 * @return its entries, in revision order, or {@code null} if none is complete
	 */
	@Nullable List<E> poll() {
		return this.ready.poll();
	}

	/**
	 * Whether a complete change waits to be taken.
	 * @return whether {@link #poll()} returns one
	 */
	boolean hasReady() {
		return !this.ready.isEmpty();
	}

	/**
	 * The revision up to which every entry fed belongs to a complete change (taken or not), or was left out.
	 * @return the revision, or 0
	 */
	long released() {
		return this.released;
	}

	/**
	 * Whether a transaction's entries are held because more of them are still to come.
	 * @return whether a change is incomplete
	 */
	boolean holdsIncomplete() {
		return this.openBatch != null;
	}

}
