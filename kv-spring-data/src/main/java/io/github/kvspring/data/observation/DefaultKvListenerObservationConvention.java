package io.github.kvspring.data.observation;

import io.micrometer.common.KeyValues;

/**
 * The default convention: {@code nats.kv.listener} observations tagged with the bucket, the entry's operation and
 * the listener's id (low cardinality) and the key and revision (high cardinality, for traces).
 */
public class DefaultKvListenerObservationConvention implements KvListenerObservationConvention {

	/**
	 * The shared instance.
	 */
	public static final DefaultKvListenerObservationConvention INSTANCE = new DefaultKvListenerObservationConvention();

	/**
	 * Creates the convention.
	 */
	public DefaultKvListenerObservationConvention() {
	}

	@Override
	public String getName() {
		return "nats.kv.listener";
	}

	@Override
	public String getContextualName(KvListenerObservationContext context) {
		return context.getListenerId() + " receive";
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(KvListenerObservationContext context) {
		return KeyValues.of(
				KvObservationDocumentation.LowCardinalityKeyNames.BUCKET.withValue(context.getBucket()),
				KvObservationDocumentation.LowCardinalityKeyNames.OPERATION.withValue(context.getOperation()),
				KvObservationDocumentation.LowCardinalityKeyNames.LISTENER.withValue(context.getListenerId()));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(KvListenerObservationContext context) {
		return KeyValues.of(KvObservationDocumentation.HighCardinalityKeyNames.KEY.withValue(context.getKey()),
				KvObservationDocumentation.HighCardinalityKeyNames.REVISION
					.withValue(Long.toString(context.getRevision())));
	}

}
