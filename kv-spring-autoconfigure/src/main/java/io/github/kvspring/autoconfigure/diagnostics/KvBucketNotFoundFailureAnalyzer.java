package io.github.kvspring.autoconfigure.diagnostics;

import io.github.kvspring.data.core.KvBucketNotFoundException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a bucket that does not exist under the validate policy.
 */
class KvBucketNotFoundFailureAnalyzer extends AbstractFailureAnalyzer<KvBucketNotFoundException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, KvBucketNotFoundException cause) {
		return new FailureAnalysis("Bucket '" + cause.getBucket() + "' does not exist on the NATS server.",
				"Create it, or set nats.kv.bucket-management=create so that the application creates it from "
						+ "nats.kv.buckets." + cause.getBucket() + ".*.",
				cause);
	}

}
