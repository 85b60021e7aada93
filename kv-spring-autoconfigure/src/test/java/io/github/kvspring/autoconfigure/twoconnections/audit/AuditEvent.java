package io.github.kvspring.autoconfigure.twoconnections.audit;

import io.github.kvspring.data.mapping.KvEntity;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/**
 * An audit event, kept on the second connection's server.
 *
 * @param id the id
 * @param action what was done
 * @param version the revision
 */
@KvEntity(bucket = "two-audit", keyPrefix = "event")
public record AuditEvent(@Id String id, String action, @Version long version) {

}
