package io.github.kvspring.data.core;

import java.io.IOException;
import java.util.List;

import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import org.jspecify.annotations.Nullable;

/**
 * Starts the watches of a {@link KeyValueTemplate} on filters it has checked: push watches ({@link KvWatch})
 * through a JetStream context made on first use, which wait to catch up with the newest matching revision read
 * from the stream leader, and pull cursors ({@link KvPullWatch}). A failure to start is translated together with
 * the permission violations the server reported meanwhile.
 */
final class KvWatches {

	private final JetStreamRequests requests;

	private final JetStreamOptions jetStreamOptions;

	private final KvConversion conversion;

	private final KvReads reads;

	private volatile @Nullable JetStream jetStream;

	KvWatches(JetStreamRequests requests, JetStreamOptions jetStreamOptions, KvConversion conversion, KvReads reads) {
		this.requests = requests;
		this.jetStreamOptions = jetStreamOptions;
		this.conversion = conversion;
		this.reads = reads;
	}

	<T> KvSubscription watch(String bucket, List<String> filters, Class<T> type, KvWatchOptions options,
			KvWatchListener<T> listener) {
		KvPermissionViolations.Mark mark = this.requests.mark();
		KvWatch<T> watch = new KvWatch<>(this.requests.connection(), this.jetStreamOptions, bucket, options,
				(raw) -> this.conversion.toEntry(bucket, raw, type, !options.metaOnly()), listener,
				(watched, timeout) -> this.reads.lastMatchingRevision(bucket, watched, timeout));
		try {
			watch.start(jetStream(), filters);
			return watch;
		}
		catch (IOException | JetStreamApiException | RuntimeException ex) {
			throw KvExceptionTranslator.translate(ex, KvExceptionTranslator.Call.read(bucket, null), mark);
		}
	}

	KvWatchCursor openCursor(String bucket, List<String> filters, KvWatchOptions options) {
		KvPermissionViolations.Mark mark = this.requests.mark();
		try {
			return KvPullWatch.open(this.requests, this.requests.management(), bucket, filters, options,
					(raw) -> this.conversion.toEntry(bucket, raw, byte[].class, !options.metaOnly()));
		}
		catch (IOException | JetStreamApiException | RuntimeException ex) {
			throw KvExceptionTranslator.translate(ex, KvExceptionTranslator.Call.read(bucket, null), mark);
		}
	}

	private JetStream jetStream() throws IOException {
		JetStream current = this.jetStream;
		if (current == null) {
			current = this.requests.connection().jetStream(this.jetStreamOptions);
			this.jetStream = current;
		}
		return current;
	}

}
