package io.github.kvspring.samples.flags;

import io.github.kvspring.data.repository.KvRepository;

/**
 * Temporary overrides.
 */
public interface FlagOverrideRepository extends KvRepository<FlagOverride, FlagKey> {

}
