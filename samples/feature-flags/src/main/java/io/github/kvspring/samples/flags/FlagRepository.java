package io.github.kvspring.samples.flags;

import java.util.List;

import io.github.kvspring.data.repository.KvRepository;

/**
 * Flags.
 */
public interface FlagRepository extends KvRepository<Flag, FlagKey> {

	List<Flag> findByEnabledTrueOrderByRolloutDesc();

}
