package io.github.kvspring.autoconfigure;

import io.github.kvspring.autoconfigure.diagnostics.DiagnosticsAccess;

import org.springframework.boot.diagnostics.FailureAnalysis;

final class Diagnostics {

	private Diagnostics() {
	}

	static FailureAnalysis analyze(Throwable failure) {
		return DiagnosticsAccess.analyze(failure);
	}

}
