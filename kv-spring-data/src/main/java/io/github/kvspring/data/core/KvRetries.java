package io.github.kvspring.data.core;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * How a {@link KeyValueTemplate}'s calls wait and retry. A request that nobody answered ("no responders": a
 * replicated bucket without a stream leader yet, 5–7 s during an election) changed nothing and is retried with
 * jittered backoff for up to the template's no-leader retry time; the first time, the bucket is checked to
 * exist at all, so that a missing bucket or a server without JetStream fails at once. Any other failure,
 * including a timeout (outcome unknown), is translated and never retried here.
 */
final class KvRetries {

	private final JetStreamRequests requests;

	private final KvTemplateSettings settings;

	private final KvBucketScanner scanner;

	/**
	 * Creates the retries of one template.
	 * @param scanner the scanner whose cached stream of a bucket found missing is dropped
	 */
	KvRetries(JetStreamRequests requests, KvTemplateSettings settings, KvBucketScanner scanner) {
		this.requests = requests;
		this.settings = settings;
		this.scanner = scanner;
	}

	/**
	 * Runs a request, retrying with jittered backoff while nobody answers (a replicated bucket without a leader
	 * yet); the first time, checks that the bucket exists at all, so a missing bucket fails at once.
	 */
	<R> @Nullable R whileNoLeader(String bucket, KvExceptionTranslator.Call call, Request<R> request) {
		long deadline = System.nanoTime() + this.settings.noLeaderRetryTimeout().toNanos();
		long backoff = 20;
		boolean bucketChecked = false;
		while (true) {
			try {
				return request.run();
			}
			catch (KvRequestFailure ex) {
				if (ex.kind() != KvRequestFailure.Kind.NO_RESPONDERS || System.nanoTime() > deadline) {
					throw KvExceptionTranslator.translate(ex, call);
				}
				if (!bucketChecked) {
					requireBucket(bucket);
					bucketChecked = true;
				}
				pause(bucket, ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1));
				backoff = Math.min(backoff * 2, 500);
			}
			catch (Exception ex) {
				throw KvExceptionTranslator.translate(ex, call);
			}
		}
	}

	private void requireBucket(String bucket) {
		Connection connection = this.requests.connection();
		if (!connection.getServerInfo().isJetStreamAvailable()) {
			throw new DataAccessResourceFailureException("JetStream is not enabled on the NATS server "
					+ connection.getServerInfo().getServerId() + "; bucket '" + bucket
					+ "' needs a server started with JetStream (-js, or a jetstream block in its configuration)");
		}
		try {
			this.requests.management().getStreamInfo(KvSubjects.stream(bucket));
		}
		catch (JetStreamApiException ex) {
			if (ex.getApiErrorCode() == KvExceptionTranslator.STREAM_NOT_FOUND) {
				this.scanner.forget(bucket);
				throw new KvBucketNotFoundException(bucket, ex);
			}
		}
		catch (IOException ex) {
			// No answer either: the cluster may be electing; keep retrying until the deadline.
		}
	}

	/**
	 * Sleeps between two attempts; an interrupt ends the call with the translated exception, naming the bucket.
	 */
	static void pause(String bucket, long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			throw KvExceptionTranslator.translate(ex, KvExceptionTranslator.Call.admin(bucket));
		}
	}

	/**
	 * A request that may fail without an answer.
	 */
	@FunctionalInterface
	interface Request<R> {

		@Nullable R run() throws Exception;

	}

}
