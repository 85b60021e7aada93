package io.github.kvspring.autoconfigure.twoconnections.audit;

import io.github.kvspring.data.repository.KvRepository;

/**
 * Audit events, through the second connection's template.
 */
public interface AuditRepository extends KvRepository<AuditEvent, String> {

}
