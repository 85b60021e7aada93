package io.github.kvspring.data.entity;

/**
 * An entity as read from its entry.
 *
 * @param <T> the entity type
 * @param key the entry's key
 * @param revision the entry's revision
 * @param entity the entity
 */
public record KvStoredEntity<T>(String key, long revision, T entity) {

}
