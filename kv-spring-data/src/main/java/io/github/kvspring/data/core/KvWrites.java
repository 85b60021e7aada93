package io.github.kvspring.data.core;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;

/**
 * The write path of a {@link KeyValueTemplate}, on values already turned into bytes: single writes retried while
 * the bucket has no stream leader, creates that are conditional over delete, purge and expiry markers too, and
 * pipelined batches. Every acknowledged revision is remembered for read-your-writes where the bucket reads that
 * way. A write whose outcome is unknown (timeout) is never retried blindly: only a batch write, which carries a
 * message id, is sent again, for as long as the server's duplicate detection still recognises it.
 */
final class KvWrites {

	private final JetStreamRequests requests;

	private final KvTemplateSettings settings;

	private final KvRetries retries;

	private final KvBucketFacts facts;

	private final KvReads reads;

	KvWrites(JetStreamRequests requests, KvTemplateSettings settings, KvRetries retries, KvBucketFacts facts,
			KvReads reads) {
		this.requests = requests;
		this.settings = settings;
		this.retries = retries;
		this.facts = facts;
		this.reads = reads;
	}

	/**
	 * Publishes one write to the key's subject, retrying while nobody answers (no stream leader yet), and
	 * remembers its revision for read-your-writes.
	 * @param expectedRevision the revision the key's latest entry must have ({@code 0}: none), or {@code null}
	 * for an unconditional write
	 * @param ttl the {@code Nats-TTL} header, or {@code null}
	 */
	long write(String bucket, String key, byte @Nullable [] data, KvOperation operation,
			@Nullable Long expectedRevision, @Nullable String ttl, KvExceptionTranslator.Call call) {
		return write(bucket, key, data, KvHeaders.forWrite(operation, expectedRevision, ttl), call);
	}

	private long write(String bucket, String key, byte @Nullable [] data, @Nullable Headers headers,
			KvExceptionTranslator.Call call) {
		String subject = KvSubjects.subject(bucket, key);
		long revision;
		try {
			Long acknowledged = this.retries.whileNoLeader(bucket, call,
					() -> acknowledge(this.requests.request(subject, headers, data)));
			revision = Objects.requireNonNull(acknowledged);
		}
		catch (DataAccessException ex) {
			this.facts.forgetIfOutdated(bucket, ex);
			throw ex;
		}
		this.settings.recordOwnWrite(bucket, key, revision);
		return revision;
	}

	/**
	 * The revision a write's answer gives; a 503 status (no stream leader) is a failure to retry.
	 */
	static long acknowledge(Message reply) throws KvRequestFailure, IOException, JetStreamApiException {
		if (reply.isStatusMessage() && reply.getStatus().getCode() == 503) {
			throw new KvRequestFailure(KvRequestFailure.Kind.NO_RESPONDERS, reply.getSubject());
		}
		return new PublishAck(reply).getSeqno();
	}

	/**
	 * Creates expecting no entry at all; where the key's latest entry is a marker, creates again expecting that
	 * marker's revision, so that a concurrent writer still makes it fail.
	 * @param ttl the {@code Nats-TTL} header, or {@code null}
	 */
	long create(String bucket, String key, byte[] data, @Nullable String ttl) {
		KvExceptionTranslator.Call call = KvExceptionTranslator.Call.create(bucket, key);
		try {
			return write(bucket, key, data, KvOperation.PUT, 0L, ttl, call);
		}
		catch (KvKeyExistsException ex) {
			KvRawEntry latest = this.reads.leaderRead(bucket, key);
			if (latest == null || latest.operation().isPut()) {
				throw ex;
			}
			return write(bucket, key, data, KvOperation.PUT, latest.revision(), ttl, call);
		}
	}

	/**
	 * Writes a purge marker for each key, pipelined.
	 * @throws KvBatchWriteException listing every purge's result when any failed
	 */
	void purgeEach(String bucket, List<String> keys) {
		Headers purge = KvHeaders.forWrite(KvOperation.PURGE, null, null);
		List<KvWriteResult> results = pipeline(bucket, keys.stream()
			.map((key) -> new PendingWrite(key, null, purge, KvExceptionTranslator.Call.write(bucket, key), null))
			.toList());
		if (results.stream().anyMatch((result) -> !result.succeeded())) {
			throw new KvBatchWriteException(bucket, "purges", results);
		}
	}

	/**
	 * Purges the bucket's stream, which writes no markers, and forgets this client's writes to it.
	 */
	void purgeStream(String bucket) {
		try {
			this.requests.management().purgeStream(KvSubjects.stream(bucket));
			this.settings.ownWrites().forget(bucket);
		}
		catch (IOException | JetStreamApiException ex) {
			throw KvExceptionTranslator.translate(ex, KvExceptionTranslator.Call.admin(bucket));
		}
	}

	/**
	 * A write ready to publish.
	 *
	 * @param createTtl for a create, its TTL header (or {@code null}); a create that meets a marker is written
	 * again over that marker with it
	 */
	record PendingWrite(String key, byte @Nullable [] data, @Nullable Headers headers,
			KvExceptionTranslator.Call call, @Nullable String createTtl) {

		/**
		 * The pending form of a checked {@link KvWrite}.
		 * @param data the serialized value ({@code null} for a delete)
		 * @param ttl the {@code Nats-TTL} header, or {@code null}
		 */
		static PendingWrite of(String bucket, KvWrite write, byte @Nullable [] data, @Nullable String ttl) {
			return switch (write.kind()) {
				case PUT -> new PendingWrite(write.key(), data, KvHeaders.forWrite(KvOperation.PUT, null, ttl),
						KvExceptionTranslator.Call.write(bucket, write.key()), null);
				case CREATE -> new PendingWrite(write.key(), data, KvHeaders.forWrite(KvOperation.PUT, 0L, ttl),
						KvExceptionTranslator.Call.create(bucket, write.key()), ttl);
				case UPDATE -> new PendingWrite(write.key(), data,
						KvHeaders.forWrite(KvOperation.PUT, write.expectedRevision(), ttl),
						KvExceptionTranslator.Call.conditional(bucket, write.key(), write.expectedRevision()), null);
				case DELETE -> {
					Long expected = (write.expectedRevision() > 0) ? write.expectedRevision() : null;
					yield new PendingWrite(write.key(), null, KvHeaders.forWrite(KvOperation.DELETE, expected, null),
							(expected != null) ? KvExceptionTranslator.Call.conditional(bucket, write.key(), expected)
									: KvExceptionTranslator.Call.write(bucket, write.key()),
							null);
				}
			};
		}

		boolean isCreate() {
			return this.call.kind() == KvExceptionTranslator.Kind.CREATE;
		}

	}

	/**
	 * Publishes the writes pipelined (see {@link JetStreamRequests#sendPipelined}), then collects every
	 * acknowledgement. Writes nobody answered (no leader yet) are redone one by one with the retrying path;
	 * creates that met an existing entry are redone in batches over the markers they met (see
	 * {@link #createOverMarkers}).
	 */
	List<KvWriteResult> pipeline(String bucket, List<PendingWrite> writes) {
		List<KvWriteResult> results = new ArrayList<>(pipelineOnce(bucket, writes));
		List<Integer> existing = new ArrayList<>();
		for (int i = 0; i < writes.size(); i++) {
			if (writes.get(i).isCreate() && results.get(i).failure() instanceof KvKeyExistsException) {
				existing.add(i);
			}
		}
		if (!existing.isEmpty()) {
			createOverMarkers(bucket, writes, existing, results);
		}
		return results;
	}

	/**
	 * One pass of pipelined writes. Each message carries a message id, so one that got no answer in time (a
	 * server slow to work through the window) is sent again alone with the same id: the server's duplicate
	 * detection applies it at most once and answers with the revision it was given.
	 */
	private List<KvWriteResult> pipelineOnce(String bucket, List<PendingWrite> writes) {
		KvPermissionViolations.Mark mark = this.requests.mark();
		String idPrefix = KvHeaders.newMessageIdPrefix();
		List<Headers> headers = new ArrayList<>(writes.size());
		for (int i = 0; i < writes.size(); i++) {
			headers.add(KvHeaders.withMessageId(writes.get(i).headers(), idPrefix + i));
		}
		long sent = System.nanoTime();
		List<Integer> indexes = IntStream.range(0, writes.size()).boxed().toList();
		List<CompletableFuture<Message>> replies = this.requests.sendPipelined(bucket, indexes,
				(i) -> this.requests.requestAsync(KvSubjects.subject(bucket, writes.get(i).key()), headers.get(i),
						writes.get(i).data()));
		boolean remember = this.settings.readConsistency(bucket) == KvReadConsistency.READ_YOUR_WRITES;
		List<KvWriteResult> results = new ArrayList<>(writes.size());
		for (int i = 0; i < writes.size(); i++) {
			PendingWrite write = writes.get(i);
			KvWriteResult result;
			try {
				long revision = acknowledge(
						this.requests.await(KvSubjects.subject(bucket, write.key()), replies.get(i), mark));
				if (remember) {
					this.settings.ownWrites().record(bucket, write.key(), revision);
				}
				result = new KvWriteResult(write.key(), revision, null);
			}
			catch (KvRequestFailure ex) {
				result = switch (ex.kind()) {
					case NO_RESPONDERS -> writeAlone(bucket, write);
					case TIMEOUT -> resend(bucket, write, headers.get(i), sent, ex);
					default -> new KvWriteResult(write.key(), 0, KvExceptionTranslator.translate(ex, write.call()));
				};
			}
			catch (Exception ex) {
				result = new KvWriteResult(write.key(), 0, KvExceptionTranslator.translate(ex, write.call()));
			}
			results.add(result);
		}
		return results;
	}

	/**
	 * A pipelined write that got no answer, sent again with its message id on the retrying path for as long
	 * as the server still remembers the id (half the bucket's duplicate window from the first send) and the
	 * no-leader retry time allows; past that its outcome stays unknown.
	 */
	private KvWriteResult resend(String bucket, PendingWrite write, Headers withMessageId, long firstSent,
			KvRequestFailure timeout) {
		DataAccessException failure = KvExceptionTranslator.translate(timeout, write.call());
		Duration window;
		try {
			window = this.facts.duplicateWindow(bucket);
		}
		catch (DataAccessException ex) {
			return new KvWriteResult(write.key(), 0, failure);
		}
		long deadline = firstSent + Math.min(this.settings.noLeaderRetryTimeout().toNanos(), window.toNanos() / 2);
		while (System.nanoTime() < deadline) {
			try {
				return new KvWriteResult(write.key(),
						write(bucket, write.key(), write.data(), withMessageId, write.call()), null);
			}
			catch (KvWriteOutcomeUnknownException ex) {
				failure = ex;
			}
			catch (DataAccessException ex) {
				return new KvWriteResult(write.key(), 0, ex);
			}
		}
		return new KvWriteResult(write.key(), 0, failure);
	}

	/**
	 * Creates that met an existing entry: where that entry is a delete, purge or expiry marker, the create is
	 * written again expecting the marker's revision (as a single create does). The keys are read with pipelined
	 * direct gets and the second writes are pipelined too, so a batch of conflicts costs two more round trips of
	 * the batch, not three per key. A read older than the revision the conflict reported (a lagging replica), or
	 * one without a usable answer, sends its key down the single-create path, which reads from the leader.
	 */
	private void createOverMarkers(String bucket, List<PendingWrite> writes, List<Integer> existing,
			List<KvWriteResult> results) {
		List<String> keys = existing.stream().map((i) -> writes.get(i).key()).toList();
		KvReads.DirectGets reads = this.reads.directGets(bucket, keys);
		List<Integer> again = new ArrayList<>();
		List<PendingWrite> overMarkers = new ArrayList<>();
		for (int n = 0; n < existing.size(); n++) {
			int i = existing.get(n);
			PendingWrite write = writes.get(i);
			KvRawEntry latest;
			try {
				latest = reads.latest(n);
			}
			catch (Exception ex) {
				latest = null;
			}
			Long conflicting = KvExceptionTranslator.currentRevision(results.get(i).failure());
			if (latest == null || conflicting == null || latest.revision() < conflicting) {
				results.set(i, writeAlone(bucket, write));
				continue;
			}
			if (!latest.operation().isPut()) {
				again.add(i);
				overMarkers.add(new PendingWrite(write.key(), write.data(),
						KvHeaders.forWrite(KvOperation.PUT, latest.revision(), write.createTtl()), write.call(),
						write.createTtl()));
			}
		}
		List<KvWriteResult> second = pipelineOnce(bucket, overMarkers);
		for (int n = 0; n < again.size(); n++) {
			results.set(again.get(n), second.get(n));
		}
	}

	/**
	 * One write of a batch redone alone on the retrying path (and, for a create, over a marker it meets).
	 */
	private KvWriteResult writeAlone(String bucket, PendingWrite write) {
		try {
			long revision = write.isCreate() ? create(bucket, write.key(), Objects.requireNonNull(write.data()),
					write.createTtl()) : write(bucket, write.key(), write.data(), write.headers(), write.call());
			return new KvWriteResult(write.key(), revision, null);
		}
		catch (DataAccessException ex) {
			return new KvWriteResult(write.key(), 0, ex);
		}
	}

}
