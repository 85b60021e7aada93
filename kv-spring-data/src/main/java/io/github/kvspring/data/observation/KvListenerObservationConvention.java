package io.github.kvspring.data.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the observations of listener calls.
 */
public interface KvListenerObservationConvention extends ObservationConvention<KvListenerObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof KvListenerObservationContext;
	}

}
