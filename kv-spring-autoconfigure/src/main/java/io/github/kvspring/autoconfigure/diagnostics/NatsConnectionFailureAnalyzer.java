package io.github.kvspring.autoconfigure.diagnostics;

import io.github.kvspring.autoconfigure.NatsConnectionException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a failed NATS connection: no server at the URLs, or authorization refused.
 */
class NatsConnectionFailureAnalyzer extends AbstractFailureAnalyzer<NatsConnectionException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, NatsConnectionException cause) {
		if (cause.isAuthenticationFailure()) {
			return new FailureAnalysis("The NATS server at " + cause.getServers() + " refused the connection's "
					+ "credentials (authorization violation).",
					"Check nats.username and nats.password, nats.token, nats.nkey-seed or nats.credentials against "
							+ "the server's authorization configuration.",
					cause);
		}
		return new FailureAnalysis("No NATS server could be reached at " + cause.getServers() + ".",
				"Start a NATS server with JetStream (nats-server -js) there, or point nats.servers at a running one.",
				cause);
	}

}
