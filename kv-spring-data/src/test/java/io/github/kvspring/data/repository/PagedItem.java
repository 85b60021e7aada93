package io.github.kvspring.data.repository;

import io.github.kvspring.data.mapping.KvEntity;

import org.springframework.data.annotation.Id;

/**
 * An entity with a payload large enough that 100,000 of them do not fit in a small heap.
 *
 * @param id the id
 * @param group the group
 * @param score the score
 * @param payload the payload
 */
@KvEntity(bucket = "repo-paged", keyPrefix = "item")
public record PagedItem(@Id String id, String group, int score, String payload) {

}
