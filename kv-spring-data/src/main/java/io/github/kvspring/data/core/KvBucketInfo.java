package io.github.kvspring.data.core;

/**
 * A live bucket as the server reports it.
 *
 * @param definition the bucket's settings (its read consistency is the client-side default)
 * @param entries how many entries (values and markers, all revisions) the bucket holds
 * @param bytes how many bytes the bucket holds
 * @param lastRevision the bucket's latest revision (its stream's last sequence), 0 if never written
 */
public record KvBucketInfo(KvBucketDefinition definition, long entries, long bytes, long lastRevision) {

}
