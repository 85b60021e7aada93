package io.github.kvspring.data.entity;

import java.util.Set;

/**
 * What an index lookup found: the keys, and the revision up to which the index had applied the bucket's changes
 * when it answered, so that values read for the keys afterwards can be checked to be no newer
 * ({@link KvEntityTemplate#streamByKeys(Class, KvIndexedKeys)}).
 *
 * @param keys the keys of the entities whose indexed property holds one of the values looked up
 * @param asOfRevision the revision up to which the index had applied the bucket's changes
 */
public record KvIndexedKeys(Set<String> keys, long asOfRevision) {

}
