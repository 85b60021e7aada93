package io.github.kvspring.data.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import io.nats.client.Message;
import io.nats.client.api.MessageGetRequest;
import io.nats.client.impl.Headers;
import io.nats.client.support.NatsJetStreamConstants;

/**
 * Finds where a transaction ends for a watch that has received its entries so far but not its commit entry: the
 * commit entry may lie outside the watch's filters, and a consumer can deliver a batch's first entries before the
 * server has stored the rest, so that neither "nothing pending" nor the absence of more entries tells. Reads the
 * stream forward from the last entry received with direct gets of the next stored message (removed ones are
 * skipped by the server), until the batch's commit entry or a message of another batch or none (the batch's
 * commit was removed by a later write): a batch's messages lie at consecutive revisions. A message not stored yet
 * is asked for again until it is.
 */
final class KvBatchEnds {

	private static final String BATCH_ID = NatsJetStreamConstants.NATS_BATCH_ID_HDR;

	private static final String BATCH_COMMIT = NatsJetStreamConstants.NATS_BATCH_COMMIT_HDR;

	/** How long the rest of a batch may take to be stored before the watch gives up on it. */
	private static final Duration PATIENCE = Duration.ofSeconds(5);

	private final JetStreamRequests requests;

	private final String bucket;

	private final List<String> filters;

	KvBatchEnds(JetStreamRequests requests, String bucket, List<String> filters) {
		this.requests = requests;
		this.bucket = bucket;
		this.filters = filters;
	}

	/**
	 * The revision of the batch's last entry that the watch's filters match, after the given revision.
	 * @param batch the batch id
	 * @param after the revision of the batch entry received last
	 * @return that revision, or {@code after} when no later entry of the batch matches (the batch is complete)
	 * @throws KvWatchLostException if the rest of the batch cannot be read (not stored in time, no answer)
	 */
	long lastMatching(String batch, long after) throws InterruptedException {
		String all = KvSubjects.subject(this.bucket, ">");
		String api = this.requests.api("DIRECT.GET." + KvSubjects.stream(this.bucket));
		long deadline = System.nanoTime() + PATIENCE.toNanos();
		long last = after;
		long next = after + 1;
		while (true) {
			Message reply;
			try {
				reply = this.requests.request(api, null, MessageGetRequest.nextForSubject(next, all).serialize());
			}
			catch (KvRequestFailure ex) {
				throw new KvWatchLostException(this.bucket,
						"the end of transaction " + batch + " could not be read (" + ex.getMessage() + ")");
			}
			if (reply.isStatusMessage()) {
				// Not stored yet (404), here or on the replica that answered.
				if (System.nanoTime() - deadline >= 0) {
					throw new KvWatchLostException(this.bucket, "the end of transaction " + batch
							+ " was not stored within " + PATIENCE.toSeconds() + " s (status "
							+ reply.getStatus().getCode() + ")");
				}
				LockSupport.parkNanos(1_000_000);
				continue;
			}
			Headers headers = reply.getHeaders();
			if (headers == null || !batch.equals(headers.getFirst(BATCH_ID))) {
				return last;
			}
			long revision = Long.parseLong(headers.getFirst(NatsJetStreamConstants.NATS_SEQUENCE));
			if (matches(KvSubjects.key(this.bucket, headers.getFirst(NatsJetStreamConstants.NATS_SUBJECT)))) {
				last = revision;
			}
			if (headers.containsKey(BATCH_COMMIT)) {
				return last;
			}
			next = revision + 1;
		}
	}

	private boolean matches(String key) {
		for (String filter : this.filters) {
			if (KvKeys.matches(filter, key)) {
				return true;
			}
		}
		return false;
	}

}
