package io.github.kvspring.autoconfigure.diagnostics;

import io.github.kvspring.data.core.KvBucketValidationException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a bucket that differs from its {@code nats.kv.buckets.*} definition.
 */
class KvBucketValidationFailureAnalyzer extends AbstractFailureAnalyzer<KvBucketValidationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, KvBucketValidationException cause) {
		StringBuilder description = new StringBuilder("Bucket '" + cause.getBucket()
				+ "' does not match its definition under nats.kv.buckets." + cause.getBucket() + ":");
		cause.getDifferences().forEach((difference) -> description.append("\n    - ").append(difference));
		return new FailureAnalysis(description.toString(), "Change the definition to match the bucket, set "
				+ "nats.kv.bucket-management=create-or-update to update the bucket (settings such as storage cannot "
				+ "change), or recreate the bucket.", cause);
	}

}
