package io.github.kvspring.data.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of KV operations and their key names.
 */
public enum KvObservationDocumentation implements ObservationDocumentation {

	/**
	 * One template operation.
	 */
	OPERATION {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultKvObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return LowCardinalityKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return HighCardinalityKeyNames.values();
		}

	};

	/**
	 * Low-cardinality key names.
	 */
	public enum LowCardinalityKeyNames implements KeyName {

		/**
		 * The bucket.
		 */
		BUCKET {
			@Override
			public String asString() {
				return "nats.kv.bucket";
			}
		},

		/**
		 * The operation.
		 */
		OPERATION {
			@Override
			public String asString() {
				return "nats.kv.operation";
			}
		}

	}

	/**
	 * High-cardinality key names.
	 */
	public enum HighCardinalityKeyNames implements KeyName {

		/**
		 * The key of a single-key operation.
		 */
		KEY {
			@Override
			public String asString() {
				return "nats.kv.key";
			}
		}

	}

}
