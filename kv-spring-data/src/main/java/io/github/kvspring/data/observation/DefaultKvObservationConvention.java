package io.github.kvspring.data.observation;

import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

/**
 * The default convention: {@code nats.kv.operation} observations tagged with the bucket and operation (low
 * cardinality) and the key (high cardinality, so traces show it while metrics stay bounded).
 */
public class DefaultKvObservationConvention implements KvObservationConvention {

	/**
	 * The shared instance.
	 */
	public static final DefaultKvObservationConvention INSTANCE = new DefaultKvObservationConvention();

	/**
	 * Creates the convention.
	 */
	public DefaultKvObservationConvention() {
	}

	@Override
	public String getName() {
		return "nats.kv.operation";
	}

	@Override
	public @Nullable String getContextualName(KvObservationContext context) {
		return context.getOperation() + " " + context.getBucket();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(KvObservationContext context) {
		return KeyValues.of(KvObservationDocumentation.LowCardinalityKeyNames.BUCKET.withValue(context.getBucket()),
				KvObservationDocumentation.LowCardinalityKeyNames.OPERATION.withValue(context.getOperation()));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(KvObservationContext context) {
		String key = context.getKey();
		return (key != null) ? KeyValues.of(KvObservationDocumentation.HighCardinalityKeyNames.KEY.withValue(key))
				: KeyValues.empty();
	}

}
