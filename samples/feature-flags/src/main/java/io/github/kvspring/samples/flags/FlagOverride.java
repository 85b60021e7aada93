package io.github.kvspring.samples.flags;

import java.time.Duration;

import io.github.kvspring.data.mapping.KvEntity;
import io.github.kvspring.data.mapping.KvTimeToLive;

import org.springframework.data.annotation.Id;

/**
 * A temporary override of a flag, for example during an incident. It expires by itself (per-key TTL), so it
 * lives in a bucket of its own with history 1: per-key TTL is refused on buckets with history.
 *
 * @param id the overridden flag
 * @param enabled the value it forces
 * @param ttl how long the override lasts
 */
@KvEntity(bucket = "overrides", keyPrefix = "override")
public record FlagOverride(@Id FlagKey id, boolean enabled, @KvTimeToLive Duration ttl) {

}
