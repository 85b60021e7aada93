package io.github.kvspring.autoconfigure.diagnostics;

import io.github.kvspring.autoconfigure.NatsJetStreamUnavailableException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a server without JetStream.
 */
class NatsJetStreamUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<NatsJetStreamUnavailableException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, NatsJetStreamUnavailableException cause) {
		return new FailureAnalysis("The NATS server has JetStream disabled, and the KV buckets " + cause.getBuckets()
				+ " need it.", "Start nats-server with -js (or a jetstream block in its configuration), or connect to a "
						+ "server of a JetStream-enabled account.",
				cause);
	}

}
