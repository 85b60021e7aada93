package io.github.kvspring.data.repository;

import io.github.kvspring.data.mapping.KvEntity;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/**
 * An immutable, versioned entity: saving returns a copy carrying the new revision.
 */
@KvEntity(bucket = "repo-flags", keyPrefix = "flag")
public record Flag(@Id String name, boolean enabled, String owner, @Version long version) {

	public Flag withEnabled(boolean enabled) {
		return new Flag(this.name, enabled, this.owner, this.version);
	}

}
