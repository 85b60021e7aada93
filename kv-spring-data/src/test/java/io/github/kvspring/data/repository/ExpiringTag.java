package io.github.kvspring.data.repository;

import io.github.kvspring.data.mapping.KvEntity;
import io.github.kvspring.data.mapping.KvIndexed;

import org.springframework.data.annotation.Id;

/**
 * An indexed entity in a bucket whose values expire without expiry markers.
 */
@KvEntity(bucket = "repo-expiring", keyPrefix = "tag")
record ExpiringTag(@Id String id, @KvIndexed String name) {

}
