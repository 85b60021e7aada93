package io.github.kvspring.samples.flags;

import java.time.Instant;

import io.github.kvspring.data.mapping.KvEntity;
import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.LastModifiedDate;
import org.springframework.data.annotation.Version;

/**
 * A feature flag. Its version is the KV revision: an edit made on a stale copy is refused.
 *
 * @param id group and name
 * @param description what the flag switches
 * @param enabled whether it is on
 * @param rollout the share of users who get it, 0 to 100
 * @param version the revision
 * @param modified when it last changed
 */
@KvEntity(bucket = "flags", keyPrefix = "flag")
public record Flag(@Id FlagKey id, String description, boolean enabled, int rollout, @Version long version,
		@LastModifiedDate @Nullable Instant modified) {

	Flag withChanges(String description, boolean enabled, int rollout, long version) {
		return new Flag(this.id, description, enabled, rollout, version, this.modified);
	}

}
