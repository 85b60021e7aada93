package io.github.kvspring.data.core;

/**
 * The outcome of an atomic read-modify-write.
 *
 * @param <T> the value type
 * @param key the key
 * @param value the value written
 * @param revision the revision it was written at
 * @param attempts how many attempts it took (1 when no other writer interfered)
 */
public record KvModification<T>(String key, T value, long revision, int attempts) {

}
