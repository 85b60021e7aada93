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
 * entries match, and deleted when the read ends. Never {@code keys()} followed by a get per key.
 */
final class KvBucketScanner {

	/**
	 * Entries per pull: large enough to keep the server streaming (512 read 10k entities at 0.47x a raw push
	 * stream, 2048 at 0.67x). Not bounded in bytes as well: with a byte limit the pulls stalled after about
	 * 110,000 of a million entries here (jnats 2.26.2, nats-server 2.15.1).
	 */
	private static final int BATCH_SIZE = 2048;

	private static final Duration INACTIVE_THRESHOLD = Duration.ofSeconds(30);

	private static final Duration IDLE_LIMIT = Duration.ofSeconds(30);

	private final JetStreamRequests requests;

	private final JetStreamOptions options;

	private final ConcurrentMap<String, StreamContext> streams = new ConcurrentHashMap<>();

	KvBucketScanner(JetStreamRequests requests, JetStreamOptions options) {
		this.requests = requests;
		this.options = options;
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
		return StreamSupport.stream(Spliterators.spliteratorUnknownSize(cursor, Spliterator.ORDERED | Spliterator.NONNULL),
				false).onClose(cursor::close);
	}

	private Cursor open(String bucket, Scan scan) {
		KvExceptionTranslator.Call call = KvExceptionTranslator.Call.read(bucket, null);
		try {
			StreamContext stream = streamContext(bucket);
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
			long pending = consumer.getCachedConsumerInfo().getNumPending();
			return new Cursor(bucket, stream, consumer, pending);
		}
		catch (IOException | JetStreamApiException ex) {
			throw KvExceptionTranslator.translate(ex, call, this.requests.connection());
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
	 * Iterates one consumer until the last pending entry; stops and deletes the consumer once done or closed.
	 */
	private final class Cursor implements Iterator<KvRawEntry>, AutoCloseable {

		private final String bucket;

		private final StreamContext stream;

		private final ConsumerContext consumer;

		private @Nullable IterableConsumer iterable;

		private @Nullable KvRawEntry next;

		private boolean done;

		Cursor(String bucket, StreamContext stream, ConsumerContext consumer, long pending) {
			this.bucket = bucket;
			this.stream = stream;
			this.consumer = consumer;
			if (pending == 0) {
				close();
			}
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
					current = this.consumer
						.iterate(ConsumeOptions.builder().batchSize(BATCH_SIZE).build());
					this.iterable = current;
				}
				Message message = nextMessage(current);
				if (message == null) {
					close();
					throw KvExceptionTranslator.translate(
							new KvRequestFailure(KvRequestFailure.Kind.TIMEOUT, KvSubjects.stream(this.bucket)),
							KvExceptionTranslator.Call.read(this.bucket, null));
				}
				KvRawEntry entry = KvRawEntry.of(this.bucket, message);
				if (entry.delta() == 0) {
					close();
				}
				return entry;
			}
			catch (Exception ex) {
				close();
				throw KvExceptionTranslator.translate(ex, KvExceptionTranslator.Call.read(this.bucket, null));
			}
		}

		/**
		 * The next message, waiting while the server keeps the consumer alive: the first batch of a
		 * last-per-key scan of a large bucket can take the server longer than one request timeout to prepare
		 * (a million keys took over 2 s here). Gives up after {@link #IDLE_LIMIT} without any message.
		 */
		private @Nullable Message nextMessage(IterableConsumer current) throws Exception {
			long deadline = System.nanoTime() + IDLE_LIMIT.toNanos();
			while (true) {
				Message message = current.nextMessage(KvBucketScanner.this.requests.timeout());
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
			try {
				this.stream.deleteConsumer(this.consumer.getConsumerName());
			}
			catch (IOException | JetStreamApiException ex) {
				// The consumer's inactivity threshold removes it anyway.
			}
		}

	}

}
