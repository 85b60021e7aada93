package io.github.kvspring.data.core;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.StreamConfiguration;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.util.Assert;

/**
 * What writes need to know of a bucket's stream, read from its configuration the first time and kept per bucket:
 * its history per key and whether it allows per-key TTL (the rules of {@link #ttlHeader}), and its duplicate
 * window (how long a message id sent again is recognised). Forgotten when a write shows them out of date.
 */
final class KvBucketFacts {

	private static final Duration MINIMUM_TTL = Duration.ofSeconds(1);

	private final JetStreamRequests requests;

	private final Map<String, Facts> facts = new ConcurrentHashMap<>();

	KvBucketFacts(JetStreamRequests requests) {
		this.requests = requests;
	}

	/**
	 * The {@code Nats-TTL} header for a per-key TTL, after checking everything the server would otherwise
	 * ignore or misapply.
	 */
	String ttlHeader(String bucket, String key, Duration ttl) {
		Assert.notNull(ttl, "'ttl' must not be null");
		String target = "key '" + key + "' in bucket '" + bucket + "'";
		if (ttl.compareTo(MINIMUM_TTL) < 0) {
			throw new InvalidDataAccessApiUsageException(
					"TTL " + ttl + " for " + target + " is below the server's minimum of 1 second; nothing was written");
		}
		Connection connection = this.requests.connection();
		if (!connection.getServerInfo().isSameOrNewerThanVersion("2.11.0")) {
			throw new InvalidDataAccessApiUsageException("Per-key TTL for " + target + " needs nats-server 2.11 or newer; "
					+ "the server is " + connection.getServerInfo().getVersion() + "; nothing was written");
		}
		Facts facts = of(bucket);
		if (facts.history() > 1) {
			throw new InvalidDataAccessApiUsageException("Per-key TTL for " + target + " is refused: the bucket keeps "
					+ facts.history() + " revisions per key, and with history above 1 the server stretches short TTLs "
					+ "to the limit marker TTL and brings an older value back when a newer one expires, without any "
					+ "event; use a bucket with history 1 for expiring keys; nothing was written");
		}
		if (!facts.allowsMessageTtl()) {
			throw new InvalidDataAccessApiUsageException("Per-key TTL for " + target
					+ " is refused: the bucket has no limit marker TTL, which per-key TTL needs; define the bucket "
					+ "with one; nothing was written");
		}
		return (ttl.toMillis() % 1000 == 0) ? (ttl.toSeconds() + "s") : (ttl.toMillis() + "ms");
	}

	/**
	 * How long the server remembers a message id (two minutes, or the bucket's TTL if shorter).
	 */
	Duration duplicateWindow(String bucket) {
		return of(bucket).duplicateWindow();
	}

	/**
	 * Whether the bucket accepts atomic writes, so that transactions may write it: its scans then show no
	 * transaction in part.
	 */
	boolean acceptsAtomicWrites(String bucket) {
		return of(bucket).acceptsAtomicWrites();
	}

	/**
	 * Forgets a bucket's facts when a write failed because the bucket does not allow per-key TTL: the bucket was
	 * changed since they were read.
	 */
	void forgetIfOutdated(String bucket, DataAccessException failure) {
		if (failure.getCause() instanceof JetStreamApiException api
				&& api.getApiErrorCode() == KvExceptionTranslator.MESSAGE_TTL_DISABLED) {
			this.facts.remove(bucket);
		}
	}

	private Facts of(String bucket) {
		Facts facts = this.facts.get(bucket);
		if (facts == null) {
			try {
				StreamConfiguration configuration = this.requests.management()
					.getStreamInfo(KvSubjects.stream(bucket))
					.getConfiguration();
				facts = new Facts(configuration.getMaxMsgsPerSubject(), configuration.getAllowMessageTtl(),
						configuration.getAllowAtomicPublish(),
						Objects.requireNonNullElse(configuration.getDuplicateWindow(), Duration.ZERO));
				this.facts.put(bucket, facts);
			}
			catch (IOException | JetStreamApiException ex) {
				throw KvExceptionTranslator.translate(ex, KvExceptionTranslator.Call.admin(bucket));
			}
		}
		return facts;
	}

	/**
	 * One bucket's facts.
	 *
	 * @param duplicateWindow how long the server remembers a message id
	 */
	private record Facts(long history, boolean allowsMessageTtl, boolean acceptsAtomicWrites, Duration duplicateWindow) {

	}

}
