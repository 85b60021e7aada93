package io.github.kvspring.data.entity;

/**
 * What the in-memory index of an entity type has done since the entity template was created.
 *
 * @param state where the index stood at its last query
 * @param entities how many entities the index holds
 * @param hits the queries it answered
 * @param fallbacks the queries that read the bucket instead (index building, lagging or recovering)
 * @param rebuilds how often it was built again after its watch was lost
 */
public record KvIndexStatistics(KvIndexState state, int entities, long hits, long fallbacks, long rebuilds) {

}
