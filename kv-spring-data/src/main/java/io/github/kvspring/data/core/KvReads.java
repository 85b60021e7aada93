package io.github.kvspring.data.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.api.MessageGetRequest;
import io.nats.client.api.MessageInfo;
import org.jspecify.annotations.Nullable;

/**
 * The read path of a {@link KeyValueTemplate}: raw entries by key, by revision and in batches, read as each
 * bucket's {@link KvReadConsistency} asks. Direct gets, which any replica may answer, are the default; a read
 * from the stream leader is a plain {@code STREAM.MSG.GET} request, since jnats' own get switches to a direct
 * get whenever the stream allows direct gets. With read-your-writes, a direct get older than this client's own
 * latest write of the key is asked of the leader again. Reads are retried while the bucket has no leader.
 */
final class KvReads {

	private final JetStreamRequests requests;

	private final KvTemplateSettings settings;

	private final KvRetries retries;

	KvReads(JetStreamRequests requests, KvTemplateSettings settings, KvRetries retries) {
		this.requests = requests;
		this.settings = settings;
		this.retries = retries;
	}

	/**
	 * The key's latest entry, a marker included, or {@code null} if it has none.
	 */
	@Nullable KvRawEntry readLatest(String bucket, String key) {
		KvReadConsistency consistency = this.settings.readConsistency(bucket);
		if (consistency == KvReadConsistency.LEADER) {
			return leaderRead(bucket, key);
		}
		KvRawEntry direct = this.retries.whileNoLeader(bucket, KvExceptionTranslator.Call.read(bucket, key), () -> {
			Message reply = this.requests.request(directGetSubject(bucket, key), null, null);
			return directEntry(bucket, reply);
		});
		if (consistency == KvReadConsistency.READ_YOUR_WRITES && olderThanOwnWrite(bucket, key, direct)) {
			return leaderRead(bucket, key);
		}
		return direct;
	}

	/**
	 * One revision, read directly unless that may miss it: with read-your-writes, a direct get that finds nothing
	 * is asked of the stream leader again when this client itself wrote that key at that revision or later (a
	 * replica may not have applied the write yet).
	 */
	@Nullable KvRawEntry readRevision(String bucket, String key, long revision) {
		KvReadConsistency consistency = this.settings.readConsistency(bucket);
		if (consistency == KvReadConsistency.LEADER) {
			return leaderRead(bucket, key, MessageGetRequest.forSequence(revision));
		}
		KvRawEntry direct = this.retries.whileNoLeader(bucket, KvExceptionTranslator.Call.read(bucket, key), () -> {
			Message reply = this.requests.request(this.requests.api("DIRECT.GET." + KvSubjects.stream(bucket)), null,
					MessageGetRequest.forSequence(revision).serialize());
			return directEntry(bucket, reply);
		});
		if (direct == null && consistency == KvReadConsistency.READ_YOUR_WRITES) {
			Long own = this.settings.ownWrites().lastRevision(bucket, key);
			if (own != null && own >= revision) {
				return leaderRead(bucket, key, MessageGetRequest.forSequence(revision));
			}
		}
		return direct;
	}

	/**
	 * The latest entries of the keys whose latest entry is a put, in the keys' order, each converted as it is
	 * read: from the leader one by one, or with pipelined direct gets (a key nobody answered, during a leader
	 * election, takes the retrying path alone).
	 */
	<E> Map<String, E> getAll(String bucket, List<String> keys, Function<KvRawEntry, E> convert) {
		KvReadConsistency consistency = this.settings.readConsistency(bucket);
		Map<String, E> found = new LinkedHashMap<>();
		if (consistency == KvReadConsistency.LEADER) {
			for (String key : keys) {
				KvRawEntry entry = leaderRead(bucket, key);
				if (entry != null && entry.operation().isPut()) {
					found.put(key, convert.apply(entry));
				}
			}
			return found;
		}
		DirectGets gets = directGets(bucket, keys);
		for (int i = 0; i < keys.size(); i++) {
			String key = keys.get(i);
			KvRawEntry entry;
			try {
				entry = gets.latest(i);
			}
			catch (KvRequestFailure ex) {
				if (ex.kind() != KvRequestFailure.Kind.NO_RESPONDERS) {
					throw KvExceptionTranslator.translate(ex, KvExceptionTranslator.Call.read(bucket, key));
				}
				// Nobody answered (a leader election): this key takes the retrying path alone.
				entry = readLatest(bucket, key);
			}
			catch (Exception ex) {
				throw KvExceptionTranslator.translate(ex, KvExceptionTranslator.Call.read(bucket, key));
			}
			if (consistency == KvReadConsistency.READ_YOUR_WRITES && olderThanOwnWrite(bucket, key, entry)) {
				entry = leaderRead(bucket, key);
			}
			if (entry != null && entry.operation().isPut()) {
				found.put(key, convert.apply(entry));
			}
		}
		return found;
	}

	/**
	 * Whether this client wrote the key at a newer revision than the entry read (or at all, if none was read).
	 */
	private boolean olderThanOwnWrite(String bucket, String key, @Nullable KvRawEntry entry) {
		Long own = this.settings.ownWrites().lastRevision(bucket, key);
		return own != null && (entry == null || entry.revision() < own);
	}

	/**
	 * Sends a direct get of each key's latest entry, pipelined, without retries; read the answers with
	 * {@link DirectGets#latest(int)}.
	 */
	DirectGets directGets(String bucket, List<String> keys) {
		KvPermissionViolations.Mark mark = this.requests.mark();
		List<CompletableFuture<Message>> replies = this.requests.sendPipelined(bucket, keys,
				(key) -> this.requests.requestAsync(directGetSubject(bucket, key), null, null));
		return new DirectGets(bucket, keys, replies, mark);
	}

	/**
	 * The answers of pipelined direct gets.
	 */
	final class DirectGets {

		private final String bucket;

		private final List<String> keys;

		private final List<CompletableFuture<Message>> replies;

		private final KvPermissionViolations.Mark mark;

		private DirectGets(String bucket, List<String> keys, List<CompletableFuture<Message>> replies,
				KvPermissionViolations.Mark mark) {
			this.bucket = bucket;
			this.keys = keys;
			this.replies = replies;
			this.mark = mark;
		}

		/**
		 * The latest entry of the key at the index, a marker included, or {@code null} if it has none.
		 */
		@Nullable KvRawEntry latest(int index) throws KvRequestFailure, InterruptedException, JetStreamApiException {
			Message reply = KvReads.this.requests.await(directGetSubject(this.bucket, this.keys.get(index)),
					this.replies.get(index), this.mark);
			return directEntry(this.bucket, reply);
		}

	}

	private String directGetSubject(String bucket, String key) {
		return this.requests.api("DIRECT.GET." + KvSubjects.stream(bucket) + "." + KvSubjects.subject(bucket, key));
	}

	private static @Nullable KvRawEntry directEntry(String bucket, Message reply) throws JetStreamApiException {
		if (reply.isStatusMessage()) {
			if (reply.getStatus().getCode() == 404) {
				return null;
			}
			throw new JetStreamApiException(io.nats.client.api.Error.convert(reply.getStatus()));
		}
		return KvRawEntry.of(bucket, new MessageInfo(reply, KvSubjects.stream(bucket), true));
	}

	/**
	 * The key's latest entry read from the stream leader, retried while there is none.
	 */
	@Nullable KvRawEntry leaderRead(String bucket, String key) {
		return leaderRead(bucket, key, MessageGetRequest.lastForSubject(KvSubjects.subject(bucket, key)));
	}

	private @Nullable KvRawEntry leaderRead(String bucket, String key, MessageGetRequest request) {
		return this.retries.whileNoLeader(bucket, KvExceptionTranslator.Call.read(bucket, key), () -> {
			return leaderEntry(bucket, this.requests.request(leaderGetSubject(bucket), null, request.serialize()));
		});
	}

	private String leaderGetSubject(String bucket) {
		return this.requests.api("STREAM.MSG.GET." + KvSubjects.stream(bucket));
	}

	/**
	 * A key's last entry at or below a revision that the stream still holds, for a scan that shows the bucket as of
	 * that revision; {@code null} if the stream holds none (the key did not exist then, or that entry was removed:
	 * history removes a key's oldest entries first, so an older one is never returned in its place). A direct get of
	 * the key's last entry up to the revision ({@code multi_last} with {@code up_to_seq}; a single
	 * {@code last_by_subj} ignores {@code up_to_seq}, measured on nats-server 2.15.1) may come from a replica that
	 * lags, so the stream leader confirms that the key has no later entry at or below the revision.
	 * @throws KvScanConflictException if it has (the replica that answered was behind)
	 */
	@Nullable KvRawEntry entryAsOf(String bucket, String key, long revision) {
		String subject = KvSubjects.subject(bucket, key);
		byte[] upTo = ("{\"multi_last\":[\"" + subject + "\"],\"up_to_seq\":" + revision + "}")
			.getBytes(StandardCharsets.UTF_8);
		return this.retries.whileNoLeader(bucket, KvExceptionTranslator.Call.read(bucket, key), () -> {
			Message reply = this.requests.request(this.requests.api("DIRECT.GET." + KvSubjects.stream(bucket)), null,
					upTo);
			// A batch answer ends with a status (204), which is also the whole answer when nothing matched.
			KvRawEntry candidate = (reply.isStatusMessage()
					&& (reply.getStatus().getCode() == 204 || reply.getStatus().getCode() == 404)) ? null
							: directEntry(bucket, reply);
			long from = (candidate != null) ? candidate.revision() + 1 : 1;
			KvRawEntry next = leaderEntry(bucket, this.requests.request(leaderGetSubject(bucket), null,
					MessageGetRequest.nextForSubject(from, subject).serialize()));
			if (next != null && next.revision() <= revision) {
				throw new KvScanConflictException(bucket, key, next.revision(), revision);
			}
			return candidate;
		});
	}

	/**
	 * The entry in a leader's {@code STREAM.MSG.GET} answer, or {@code null} if no message matched.
	 */
	private static @Nullable KvRawEntry leaderEntry(String bucket, Message reply) throws JetStreamApiException {
		MessageInfo info = new MessageInfo(reply, KvSubjects.stream(bucket), false);
		if (info.hasError()) {
			if (info.getApiErrorCode() == KvExceptionTranslator.NO_MESSAGE_FOUND) {
				return null;
			}
			throw new JetStreamApiException(info.getErrorObject());
		}
		return KvRawEntry.of(bucket, info);
	}

	/**
	 * The newest revision among the keys matching the filters, from the stream leader (a direct get may come from
	 * a lagging replica), or 0 if none matches; retried while the stream has no leader, as every read is.
	 */
	long lastMatchingRevision(String bucket, List<String> filters) {
		long last = 0;
		for (String filter : filters) {
			KvRawEntry entry = leaderRead(bucket, filter);
			if (entry != null) {
				last = Math.max(last, entry.revision());
			}
		}
		return last;
	}

	/**
	 * As {@link #lastMatchingRevision(String, List)}, but never past the timeout, the retries included: an index
	 * query waits no longer than its catch-up timeout.
	 */
	long lastMatchingRevision(String bucket, List<String> filters, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		long last = 0;
		for (String filter : filters) {
			last = Math.max(last, leaderRevision(bucket, filter, deadline));
		}
		return last;
	}

	private long leaderRevision(String bucket, String filter, long deadline) {
		KvExceptionTranslator.Call call = KvExceptionTranslator.Call.read(bucket, null);
		String subject = leaderGetSubject(bucket);
		byte[] body = MessageGetRequest.lastForSubject(KvSubjects.subject(bucket, filter)).serialize();
		long backoffMillis = 20;
		while (true) {
			long remaining = deadline - System.nanoTime();
			if (remaining <= 0) {
				throw KvExceptionTranslator.translate(new KvRequestFailure(KvRequestFailure.Kind.TIMEOUT, subject), call);
			}
			CompletableFuture<Message> reply = this.requests.connection().requestWithTimeout(subject, null, body,
					Duration.ofNanos(remaining));
			try {
				KvRawEntry entry = leaderEntry(bucket, reply.get(remaining, TimeUnit.NANOSECONDS));
				return (entry != null) ? entry.revision() : 0;
			}
			catch (JetStreamApiException | InterruptedException ex) {
				// The translation of an interrupt sets the thread's flag again.
				throw KvExceptionTranslator.translate(ex, call);
			}
			catch (TimeoutException ex) {
				throw KvExceptionTranslator.translate(new KvRequestFailure(KvRequestFailure.Kind.TIMEOUT, subject), call);
			}
			catch (ExecutionException | CancellationException ex) {
				KvRequestFailure failure = this.requests.classify(subject, reply, ex);
				if (failure.kind() != KvRequestFailure.Kind.NO_RESPONDERS) {
					throw KvExceptionTranslator.translate(failure, call);
				}
				KvRetries.pause(bucket, Math.min(backoffMillis, TimeUnit.NANOSECONDS.toMillis(remaining) + 1));
				backoffMillis = Math.min(backoffMillis * 2, 200);
			}
		}
	}

}
