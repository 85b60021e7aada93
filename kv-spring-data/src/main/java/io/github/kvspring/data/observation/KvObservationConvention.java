package io.github.kvspring.data.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the observations of KV operations.
 */
public interface KvObservationConvention extends ObservationConvention<KvObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof KvObservationContext;
	}

}
