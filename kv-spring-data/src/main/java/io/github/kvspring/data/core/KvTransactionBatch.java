package io.github.kvspring.data.core;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.support.NatsJetStreamConstants;
import org.jspecify.annotations.Nullable;

/**
 * Sends a transaction's writes as one atomic batch (nats-server 2.12+) and reads its answer: every message but the
 * last is published, the last is sent as a request with the commit header. Each message checks the revision the
 * transaction saw of its key, or, for a carrier of a serializable transaction, its cover; the first one may also
 * check the stream's last sequence ({@link KvTransactionChecks}).
 */
final class KvTransactionBatch {

	private static final String BATCH_ID = NatsJetStreamConstants.NATS_BATCH_ID_HDR;

	private static final String BATCH_SEQUENCE = NatsJetStreamConstants.NATS_BATCH_SEQUENCE_HDR;

	private static final String BATCH_COMMIT = NatsJetStreamConstants.NATS_BATCH_COMMIT_HDR;

	private static final String EXPECTED_LAST_SEQUENCE = NatsJetStreamConstants.EXPECTED_LAST_SEQ_HDR;

	private static final String EXPECTED_SUBJECT = NatsJetStreamConstants.EXPECTED_LAST_SUB_SEQ_SUB_HDR;

	private final JetStreamRequests requests;

	private final String bucket;

	/**
	 * A batch to send.
	 * @param bucket the bucket
	 */
	KvTransactionBatch(JetStreamRequests requests, String bucket) {
		this.requests = requests;
		this.bucket = bucket;
	}

	/**
	 * A write the transaction commits.
	 *
	 * @param key the key
	 * @param operation put, delete or purge
	 * @param data the value of a put
	 * @param seenRevision the revision the transaction saw of the key (0: absent)
	 */
	record Write(String key, KvOperation operation, byte @Nullable [] data, long seenRevision) {

	}

	/**
	 * Sends the batch and waits for its answer.
	 * @return the revision of the last write
	 * @throws KvRequestFailure if nobody answered (no stream leader): the batch was not applied
	 * @param conflict makes the exception for a check the server refused, reading what changed
	 * @throws KvTransactionConflictException if the server refused a check
	 * @throws KvTransactionOutcomeUnknownException if no answer came in time
	 */
	long send(List<Write> writes, KvTransactionChecks.Checks checks,
			Function<JetStreamApiException, KvTransactionConflictException> conflict) throws KvRequestFailure {
		Connection connection = this.requests.connection();
		if (connection.getStatus() != Connection.Status.CONNECTED) {
			// Sent now, the batch would wait in the reconnect buffer and its answer would come too late to
			// tell: nothing is sent until the connection is back.
			throw new KvRequestFailure(KvRequestFailure.Kind.NO_RESPONDERS, KvSubjects.stream(this.bucket));
		}
		KvPermissionViolations.Mark mark = this.requests.mark();
		String batchId = KvHeaders.randomId();
		CompletableFuture<Message> reply = null;
		String subject = "";
		try {
			for (int i = 0; i < writes.size(); i++) {
				Write write = writes.get(i);
				Headers headers = headers(write, i, checks);
				headers.put(BATCH_ID, batchId);
				headers.put(BATCH_SEQUENCE, Integer.toString(i + 1));
				subject = KvSubjects.subject(this.bucket, write.key());
				if (i < writes.size() - 1) {
					connection.publish(subject, headers, write.data());
				}
				else {
					headers.put(BATCH_COMMIT, "1");
					reply = this.requests.requestAsync(subject, headers, write.data());
				}
			}
		}
		catch (RuntimeException ex) {
			throw KvExceptionTranslator.translate(ex, KvExceptionTranslator.Call.admin(this.bucket));
		}
		return acknowledged(Objects.requireNonNull(reply), subject, writes, mark, conflict);
	}

	/**
	 * A write's headers: its operation and its check.
	 */
	private Headers headers(Write write, int index, KvTransactionChecks.Checks checks) {
		KvTransactionChecks.Cover cover = checks.covers().get(write.key());
		long expected = (cover != null) ? cover.expected() : write.seenRevision();
		Headers headers = Objects.requireNonNull(KvHeaders.forWrite(write.operation(), expected, null));
		if (cover != null) {
			headers.put(EXPECTED_SUBJECT, KvSubjects.subject(this.bucket, cover.filter()));
		}
		if (index == 0 && checks.streamSequence() != null) {
			headers.put(EXPECTED_LAST_SEQUENCE, Long.toString(checks.streamSequence()));
		}
		return headers;
	}

	/**
	 * The commit's answer, awaited and read as a single write's is; where nobody answered (no stream leader), the
	 * batch was not applied and the failure is thrown for a resend, any other missing answer leaves the outcome
	 * unknown.
	 */
	private long acknowledged(CompletableFuture<Message> reply, String subject, List<Write> writes,
			KvPermissionViolations.Mark mark, Function<JetStreamApiException, KvTransactionConflictException> conflict)
			throws KvRequestFailure {
		try {
			return KvWrites.acknowledge(this.requests.await(subject, reply, mark));
		}
		catch (KvRequestFailure ex) {
			if (ex.kind() == KvRequestFailure.Kind.NO_RESPONDERS) {
				throw ex;
			}
			throw outcomeUnknown(writes, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw outcomeUnknown(writes, ex);
		}
		catch (JetStreamApiException ex) {
			if (ex.getApiErrorCode() == KvExceptionTranslator.WRONG_LAST_SEQUENCE
					|| ex.getApiErrorCode() == KvExceptionTranslator.SEQUENCE_TEMPORARILY_UNKNOWN) {
				// A replicated bucket cannot check a key while an earlier write of it is still being
				// replicated (10164): as for a changed key, running the transaction again decides.
				throw conflict.apply(ex);
			}
			throw KvExceptionTranslator.translate(ex, KvExceptionTranslator.Call.admin(this.bucket));
		}
		catch (IOException ex) {
			throw KvExceptionTranslator.translate(ex, KvExceptionTranslator.Call.admin(this.bucket));
		}
	}

	private KvTransactionOutcomeUnknownException outcomeUnknown(List<Write> writes, Exception cause) {
		Map<String, Long> revisions = new LinkedHashMap<>();
		writes.forEach((write) -> revisions.put(write.key(), write.seenRevision()));
		return new KvTransactionOutcomeUnknownException(this.bucket, writes.get(0).key(), revisions, cause);
	}

}
