package io.github.kvspring.data.repository;

import java.time.Duration;

import io.github.kvspring.data.mapping.KvEntity;
import io.github.kvspring.data.mapping.KvTimeToLive;
import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;

/**
 * An entity that expires: a default TTL, overridden per entity.
 */
@KvEntity(bucket = "repo-sessions", timeToLive = 60)
public record Session(@Id String id, String user, @KvTimeToLive @Nullable Duration ttl) {

}
