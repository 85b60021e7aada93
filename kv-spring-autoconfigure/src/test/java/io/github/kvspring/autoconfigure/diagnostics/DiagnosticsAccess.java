package io.github.kvspring.autoconfigure.diagnostics;

import java.util.List;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Runs the module's failure analyzers, as Spring Boot does at start-up.
 */
public final class DiagnosticsAccess {

	private static final List<FailureAnalyzer> analyzers = List.of(new NatsConnectionFailureAnalyzer(),
			new NatsJetStreamUnavailableFailureAnalyzer(), new KvBucketValidationFailureAnalyzer(),
			new KvBucketNotFoundFailureAnalyzer(), new InvalidNatsPropertyFailureAnalyzer());

	private DiagnosticsAccess() {
	}

	public static FailureAnalysis analyze(Throwable failure) {
		return analyzers.stream().map((analyzer) -> analyzer.analyze(failure)).filter(java.util.Objects::nonNull)
			.findFirst().orElseThrow(() -> new AssertionError("No analysis of " + failure));
	}

}
