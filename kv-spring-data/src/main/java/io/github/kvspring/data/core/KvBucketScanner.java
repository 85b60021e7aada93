package io.github.kvspring.data.core;

import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import io.nats.client.ConsumeOptions;
import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.IterableConsumer;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.Message;
import io.nats.client.StreamContext;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import org.jspecify.annotations.Nullable;

/**
 * Reads a bucket's entries in one server stream: an ephemeral pull consumer (no acks, in memory, one replica)
 * filtered on the wanted subjects, fetched in bounded batches so that memory stays bounded however many
 * entries match, and deleted when the read ends. Never {@code keys()} followed by a get per key. Each scan
 * answers like one read of the bucket and ends even while the bucket is written; {@link KvScanSnapshot} says
 * exactly what it returns.
 * <p>
 * Measured on an R3 bucket (nats-server 2.15.1): the server places a scan's one-replica consumer on any of the
 * stream's replicas (on the leader 93 to 113 of 300 times), and one on a follower counted its pending entries
 * without a write acknowledged just before (2 of 300 scans): a scan therefore ends only once it has passed the
 * newest matching revision read from the stream leader. In 4 of 900 scans the consumer's first pull went
 * unanswered (no pull waiting on the consumer, 30 s of silence); pulls expire after {@link #PULL_EXPIRY} so that
 * the next one follows.
 */
final class KvBucketScanner {

	/**
	 * Entries per pull: large enough to keep the server streaming (512 read 10k entities at 0.47x a raw push
	 * stream, 2048 at 0.67x). Not bounded in bytes as well: with a byte limit the pulls stalled after about
	 * 110,000 of a million entries here (jnats 2.26.2, nats-server 2.15.1).
	 */
	private static final int BATCH_SIZE = 2048;

	/**
	 * How long one pull waits on the server: a lost pull is replaced after this, instead of jnats' 30 s.
	 */
	private static final Duration PULL_EXPIRY = Duration.ofSeconds(2);

	private static final Duration INACTIVE_THRESHOLD = Duration.ofSeconds(30);

	private static final Duration IDLE_LIMIT = Duration.ofSeconds(30);

	private final JetStreamRequests requests;

	private final JetStreamOptions options;

	private final StreamReads streamReads;

	private final Predicate<String> asOfStart;

	private final ConcurrentMap<String, StreamContext> streams = new ConcurrentHashMap<>();

	/**
	 * @param asOfStart tells the buckets whose scans return them exactly as of their start (those with atomic
	 * writes: a scan then never shows part of a transaction)
	 */
	KvBucketScanner(JetStreamRequests requests, JetStreamOptions options, StreamReads streamReads,
			Predicate<String> asOfStart) {
		this.requests = requests;
		this.options = options;
		this.streamReads = streamReads;
		this.asOfStart = asOfStart;
	}

	/**
	 * Whether an entry was written to create its key: expected to be the key's first (a transaction's or
	 * {@code create}'s check).
	 */
	private static boolean firstOfKey(Message message) {
		return message.hasHeaders()
				&& "0".equals(message.getHeaders().getFirst(KvHeaders.EXPECTED_LAST_SUBJECT_SEQUENCE));
	}

	/**
	 * What to read.
	 *
	 * @param filters key filters ({@code >} for all)
	 * @param lastPerKey whether to read only each key's last entry (else every retained entry)
	 * @param headersOnly whether to leave the values out
	 */
	record Scan(List<String> filters, boolean lastPerKey, boolean headersOnly) {

	}

	/**
	 * A lazy stream of raw entries in revision order; closing it (or reading it to the end) deletes the
	 * consumer.
	 */
	Stream<KvRawEntry> scan(String bucket, Scan scan) {
		Cursor cursor = open(bucket, scan);
		if (cursor == null) {
			return Stream.empty();
		}
		return StreamSupport.stream(Spliterators.spliteratorUnknownSize(cursor, Spliterator.ORDERED | Spliterator.NONNULL),
				false).onClose(cursor::close);
	}

	private @Nullable Cursor open(String bucket, Scan scan) {
		KvExceptionTranslator.Call call = KvExceptionTranslator.Call.read(bucket, null);
		KvPermissionViolations.Mark mark = this.requests.mark();
		try {
			StreamContext stream = streamContext(bucket);
			long bound = this.streamReads.newestRevision(bucket, scan.filters());
			if (bound == 0) {
				return null;
			}
			ConsumerConfiguration configuration = ConsumerConfiguration.builder()
				.filterSubjects(scan.filters().stream().map((filter) -> KvSubjects.subject(bucket, filter)).toList())
				.deliverPolicy(scan.lastPerKey() ? DeliverPolicy.LastPerSubject : DeliverPolicy.All)
				.ackPolicy(AckPolicy.None)
				.headersOnly(scan.headersOnly())
				.memStorage(true)
				.numReplicas(1)
				.inactiveThreshold(INACTIVE_THRESHOLD)
				.build();
			ConsumerContext consumer = stream.createOrUpdateConsumer(configuration);
			boolean asOfStart = this.asOfStart.test(bucket);
			KvScanSnapshot snapshot = new KvScanSnapshot(bound, scan.lastPerKey(),
					() -> this.streamReads.newestRevision(bucket, scan.filters()), asOfStart);
			return new Cursor(bucket, stream, consumer, snapshot);
		}
		catch (IOException | JetStreamApiException | RuntimeException ex) {
			// RuntimeException: jnats' IllegalStateException while the connection drains or is closed.
			throw KvExceptionTranslator.translate(ex, call, mark);
		}
	}

	private static void deleteQuietly(StreamContext stream, ConsumerContext consumer) {
		try {
			stream.deleteConsumer(consumer.getConsumerName());
		}
		catch (IOException | JetStreamApiException ex) {
			// Its inactivity threshold removes it anyway.
		}
	}

	private StreamContext streamContext(String bucket) throws IOException, JetStreamApiException {
		StreamContext context = this.streams.get(bucket);
		if (context == null) {
			context = this.requests.connection().getStreamContext(KvSubjects.stream(bucket), this.options);
			this.streams.put(bucket, context);
		}
		return context;
	}

	void forget(String bucket) {
		this.streams.remove(bucket);
	}

	/**
	 * What a scan asks the stream besides its consumer.
	 */
	interface StreamReads {

		/**
		 * Reads the newest revision among a bucket's keys that match the filters from the stream leader, or 0.
		 */
		long newestRevision(String bucket, List<String> filters);

		/**
		 * A key's last entry at or below a revision that the stream still holds, or {@code null}; see
		 * {@link KvReads#entryAsOf}.
		 */
		@Nullable KvRawEntry entryAsOf(String bucket, String key, long revision);

	}

	/**
	 * Iterates one consumer until its snapshot ends; stops and deletes the consumer once done or closed.
	 */
	private final class Cursor implements Iterator<KvRawEntry>, AutoCloseable {

		private final String bucket;

		private final StreamContext stream;

		private final ConsumerContext consumer;

		private final KvScanSnapshot snapshot;

		private @Nullable IterableConsumer iterable;

		private @Nullable KvRawEntry next;

		private boolean done;

		private boolean complete;

		Cursor(String bucket, StreamContext stream, ConsumerContext consumer, KvScanSnapshot snapshot) {
			this.bucket = bucket;
			this.stream = stream;
			this.consumer = consumer;
			this.snapshot = snapshot;
		}

		@Override
		public boolean hasNext() {
			if (this.next == null && !this.done) {
				this.next = read();
			}
			return this.next != null;
		}

		@Override
		public KvRawEntry next() {
			if (!hasNext()) {
				throw new NoSuchElementException();
			}
			KvRawEntry entry = this.next;
			this.next = null;
			return Objects.requireNonNull(entry);
		}

		private @Nullable KvRawEntry read() {
			try {
				IterableConsumer current = this.iterable;
				if (current == null) {
					current = this.consumer.iterate(ConsumeOptions.builder()
						.batchSize(BATCH_SIZE)
						.expiresIn(PULL_EXPIRY.toMillis())
						.build());
					this.iterable = current;
				}
				while (true) {
					Message message = nextMessage(current);
					if (message == null) {
						close();
						if (this.complete) {
							return null;
						}
						throw KvExceptionTranslator.translate(
								new KvRequestFailure(KvRequestFailure.Kind.TIMEOUT, KvSubjects.stream(this.bucket)),
								KvExceptionTranslator.Call.read(this.bucket, null));
					}
					KvRawEntry entry = KvRawEntry.of(this.bucket, message);
					KvScanSnapshot.Admission admission = this.snapshot.admit(entry);
					if (admission == KvScanSnapshot.Admission.CONFLICT) {
						close();
						throw new KvScanConflictException(this.bucket, entry.key(), entry.revision(),
								this.snapshot.bound());
					}
					if (admission.asOfBound()) {
						// The key's entry above the bound came first: return its entry as of the bound instead.
						KvRawEntry atBound = KvBucketScanner.this.streamReads.entryAsOf(this.bucket, entry.key(),
								this.snapshot.bound());
						if (atBound == null && !firstOfKey(message)) {
							close();
							throw new KvScanConflictException(this.bucket, entry.key(), entry.revision(),
									this.snapshot.bound());
						}
						if (admission.ends()) {
							close();
						}
						if (atBound != null) {
							return atBound;
						}
						if (admission.ends()) {
							return null;
						}
						continue;
					}
					if (admission.ends()) {
						close();
					}
					if (admission.returned()) {
						return entry;
					}
					if (admission.ends()) {
						return null;
					}
				}
			}
			catch (Exception ex) {
				close();
				throw KvExceptionTranslator.translate(ex, KvExceptionTranslator.Call.read(this.bucket, null));
			}
		}

		/**
		 * The next message, waiting while the server keeps the consumer alive: the first batch of a
		 * last-per-key scan of a large bucket can take the server longer than one request timeout to prepare
		 * (a million keys took over 2 s here). Whenever none comes within a request timeout, asks whether the scan
		 * has passed everything it needs (a consumer's pending count is not exact under concurrent writes); gives up
		 * after {@link #IDLE_LIMIT} without any message.
		 */
		private @Nullable Message nextMessage(IterableConsumer current) throws Exception {
			long deadline = System.nanoTime() + IDLE_LIMIT.toNanos();
			while (true) {
				Message message = current.nextMessage(KvBucketScanner.this.requests.timeout());
				if (message == null && this.snapshot.complete()) {
					this.complete = true;
					return null;
				}
				if (message != null || System.nanoTime() > deadline
						|| KvBucketScanner.this.requests.connection().getStatus() != Connection.Status.CONNECTED) {
					return message;
				}
			}
		}

		@Override
		public void close() {
			if (this.done) {
				return;
			}
			this.done = true;
			IterableConsumer current = this.iterable;
			if (current != null) {
				try {
					current.close();
				}
				catch (Exception ex) {
					// Stopping a pull subscription that is already gone has nothing left to do.
				}
			}
			deleteQuietly(this.stream, this.consumer);
		}

	}

}
