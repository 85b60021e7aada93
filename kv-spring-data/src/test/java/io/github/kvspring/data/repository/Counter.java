package io.github.kvspring.data.repository;

import io.github.kvspring.data.mapping.KvEntity;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/**
 * A versioned counter for the concurrent read-increment-save test.
 */
@KvEntity(bucket = "repo-counters")
public record Counter(@Id String id, long count, @Version Long version) {

}
