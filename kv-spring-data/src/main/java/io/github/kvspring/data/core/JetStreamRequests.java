package io.github.kvspring.data.core;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.JetStreamStatusException;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.impl.Headers;
import io.nats.client.support.NatsRequestCompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Request/reply on the connection with the failure classified: no responders (nothing applied, safe to retry),
 * timeout (outcome unknown) or connection closed. jnats' own {@code JetStream} calls report a 503 and a timeout
 * as the same {@code IOException} unless the application opted into its advanced request behaviour, which a
 * library cannot require of its users' connections.
 */
final class JetStreamRequests {

	private static final int CONSUMER_NOT_FOUND = 10014;

	private static final int PIPELINE_WINDOW = 1000;

	private final Connection connection;

	private final JetStreamOptions options;

	private final String apiPrefix;

	private final Duration timeout;

	JetStreamRequests(Connection connection, JetStreamOptions options) {
		this.connection = connection;
		this.options = options;
		this.apiPrefix = options.getPrefix();
		// Unset in the options means what jnats uses then: the connection's timeout.
		Duration requestTimeout = options.getRequestTimeout();
		this.timeout = (requestTimeout != null) ? requestTimeout : connection.getOptions().getConnectionTimeout();
	}

	Connection connection() {
		return this.connection;
	}

	/**
	 * The connection's JetStream management with these options.
	 */
	JetStreamManagement management() throws IOException {
		return this.connection.jetStreamManagement(this.options);
	}

	/**
	 * The JetStream API subject for the given suffix, such as {@code STREAM.MSG.GET.KV_orders}.
	 */
	String api(String suffix) {
		return this.apiPrefix + suffix;
	}

	Duration timeout() {
		return this.timeout;
	}

	Message request(String subject, @Nullable Headers headers, byte @Nullable [] body)
			throws KvRequestFailure, InterruptedException {
		KvPermissionViolations.Mark mark = mark();
		return await(subject, requestAsync(subject, headers, body), mark);
	}

	/**
	 * The connection's error state now: take it before sending requests that {@link #await} is to judge.
	 */
	KvPermissionViolations.Mark mark() {
		return KvPermissionViolations.mark(this.connection);
	}

	CompletableFuture<Message> requestAsync(String subject, @Nullable Headers headers, byte @Nullable [] body) {
		return this.connection.requestWithTimeout(subject, headers, body, this.timeout);
	}

	/**
	 * Sends one request per item with at most {@value #PIPELINE_WINDOW} awaiting their reply. When the
	 * connection refuses to send (closed or draining) before anything was sent, that is thrown, translated;
	 * after some were sent, the rest fail with it one by one, so that what was sent is still awaited.
	 * @param bucket the bucket the requests are for, named by a translated failure
	 * @param items what to send, one request each
	 * @param send sends one item's request, usually with {@link #requestAsync}
	 */
	<I> List<CompletableFuture<Message>> sendPipelined(String bucket, List<I> items,
			Function<I, CompletableFuture<Message>> send) {
		Semaphore window = new Semaphore(PIPELINE_WINDOW);
		List<CompletableFuture<Message>> replies = new ArrayList<>(items.size());
		try {
			for (I item : items) {
				window.acquire();
				CompletableFuture<Message> reply;
				try {
					reply = send.apply(item);
				}
				catch (RuntimeException ex) {
					if (replies.isEmpty()) {
						throw KvExceptionTranslator.translate(ex, KvExceptionTranslator.Call.admin(bucket));
					}
					reply = CompletableFuture.failedFuture(ex);
				}
				reply.whenComplete((message, failure) -> window.release());
				replies.add(reply);
			}
		}
		catch (InterruptedException ex) {
			throw KvExceptionTranslator.translate(ex, KvExceptionTranslator.Call.admin(bucket));
		}
		return replies;
	}

	/**
	 * Waits for a reply sent with {@link #requestAsync}.
	 * @param subject the request's subject
	 * @param reply the reply
	 * @param mark the connection's error state taken before the request was sent
	 */
	Message await(String subject, CompletableFuture<Message> reply, KvPermissionViolations.Mark mark)
			throws KvRequestFailure, InterruptedException {
		try {
			return reply.get(this.timeout.toNanos() + TimeUnit.MILLISECONDS.toNanos(500), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			throw permissionDeniedOr(subject, new KvRequestFailure(KvRequestFailure.Kind.TIMEOUT, subject), mark);
		}
		catch (CancellationException | ExecutionException ex) {
			throw permissionDeniedOr(subject, classify(subject, reply, ex), mark);
		}
	}

	/**
	 * What the server says of a consumer.
	 */
	enum ConsumerState {

		/** It exists. */
		EXISTS,

		/** The server says it does not exist. */
		GONE,

		/** No answer in time, or an error that does not say. */
		UNKNOWN

	}

	/**
	 * Asks the server whether a consumer exists, waiting no longer than the timeout.
	 */
	ConsumerState consumerState(String stream, String consumer, Duration timeout) throws InterruptedException {
		CompletableFuture<Message> reply = this.connection.requestWithTimeout(
				api("CONSUMER.INFO." + stream + "." + consumer), null, null, timeout);
		try {
			ConsumerInfo info = new ConsumerInfo(reply.get(timeout.toMillis() + 100, TimeUnit.MILLISECONDS));
			if (!info.hasError()) {
				return ConsumerState.EXISTS;
			}
			return (info.getApiErrorCode() == CONSUMER_NOT_FOUND) ? ConsumerState.GONE : ConsumerState.UNKNOWN;
		}
		catch (ExecutionException | TimeoutException | IllegalStateException ex) {
			// IllegalStateException: a cancelled request (CancellationException) or a closed connection.
			return ConsumerState.UNKNOWN;
		}
	}

	/**
	 * A request the server refused for lack of permission gets no answer at all: the server reports the
	 * violation as an asynchronous {@code -ERR} naming the subject, and the request runs into its timeout. This
	 * connects the two, for a violation of exactly this subject that arrived while the request ran.
	 */
	private static KvRequestFailure permissionDeniedOr(String subject, KvRequestFailure failure,
			KvPermissionViolations.Mark mark) {
		String violation = mark.onSubject(subject);
		return (violation != null) ? new KvRequestFailure(KvRequestFailure.Kind.PERMISSION_DENIED, subject, violation)
				: failure;
	}

	/**
	 * Classifies a failed reply future: jnats cancels it on 503 (or reports a status exception when the
	 * connection asks for that), on its own time-out sweep and when the connection closes.
	 */
	KvRequestFailure classify(String subject, CompletableFuture<Message> reply, Throwable failure) {
		Throwable cause = (failure instanceof ExecutionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		if (reply instanceof NatsRequestCompletableFuture natsReply) {
			if (natsReply.wasCancelledClosing()) {
				return new KvRequestFailure(KvRequestFailure.Kind.CONNECTION_CLOSED, subject);
			}
			if (natsReply.wasCancelledTimedOut()) {
				return new KvRequestFailure(KvRequestFailure.Kind.TIMEOUT, subject);
			}
		}
		if (cause instanceof IllegalStateException && KvExceptionTranslator.isClosingOrClosed(cause.getMessage())) {
			// jnats refused to send: the connection drains or is closed.
			return new KvRequestFailure(KvRequestFailure.Kind.CONNECTION_CLOSED, subject);
		}
		if (cause instanceof TimeoutException) {
			return new KvRequestFailure(KvRequestFailure.Kind.TIMEOUT, subject);
		}
		if (cause instanceof JetStreamStatusException status && status.getStatus().getCode() != 503) {
			return new KvRequestFailure(KvRequestFailure.Kind.TIMEOUT, subject);
		}
		if (this.connection.getStatus() == Connection.Status.CLOSED) {
			return new KvRequestFailure(KvRequestFailure.Kind.CONNECTION_CLOSED, subject);
		}
		return new KvRequestFailure(KvRequestFailure.Kind.NO_RESPONDERS, subject);
	}

	/**
	 * Ends a subscription of the caller's own; one the closed connection ended already needs nothing more.
	 */
	static void unsubscribe(Subscription subscription) {
		try {
			if (subscription.isActive()) {
				subscription.unsubscribe();
			}
		}
		catch (IllegalStateException ex) {
			// The connection closed, and the subscription with it.
		}
	}

}
