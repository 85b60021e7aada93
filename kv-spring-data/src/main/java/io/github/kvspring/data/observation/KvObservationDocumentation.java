package io.github.kvspring.data.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of KV operations and listener calls, and their key names.
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
			return new KeyName[] { LowCardinalityKeyNames.BUCKET, LowCardinalityKeyNames.OPERATION };
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return new KeyName[] { HighCardinalityKeyNames.KEY };
		}

	},

	/**
	 * One call of a listener method for one entry.
	 */
	LISTENER {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultKvListenerObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { LowCardinalityKeyNames.BUCKET, LowCardinalityKeyNames.OPERATION,
					LowCardinalityKeyNames.LISTENER };
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return new KeyName[] { HighCardinalityKeyNames.KEY, HighCardinalityKeyNames.REVISION };
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
		 * The operation (of a listener observation: the entry's operation, such as {@code put}).
		 */
		OPERATION {
			@Override
			public String asString() {
				return "nats.kv.operation";
			}
		},

		/**
		 * The listener's id.
		 */
		LISTENER {
			@Override
			public String asString() {
				return "nats.kv.listener";
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
		},

		/**
		 * The revision of the entry a listener handles.
		 */
		REVISION {
			@Override
			public String asString() {
				return "nats.kv.revision";
			}
		}

	}

}
