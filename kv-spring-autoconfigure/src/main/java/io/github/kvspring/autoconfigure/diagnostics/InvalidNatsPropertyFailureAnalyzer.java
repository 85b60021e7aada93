package io.github.kvspring.autoconfigure.diagnostics;

import io.github.kvspring.autoconfigure.InvalidNatsPropertyException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@code nats.*} property that cannot be used, naming the property and the rule it breaks.
 */
class InvalidNatsPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidNatsPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidNatsPropertyException cause) {
		return new FailureAnalysis("The property '" + cause.getProperty() + "' is invalid: " + cause.getReason(),
				"Update '" + cause.getProperty() + "' in the application's configuration.", cause);
	}

}
