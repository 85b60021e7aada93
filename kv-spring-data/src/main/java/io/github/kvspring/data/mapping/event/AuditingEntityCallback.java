package io.github.kvspring.data.mapping.event;

import org.springframework.beans.factory.ObjectFactory;
import org.springframework.core.Ordered;
import org.springframework.data.auditing.IsNewAwareAuditingHandler;

/**
 * Sets {@code @CreatedDate}, {@code @CreatedBy}, {@code @LastModifiedDate} and {@code @LastModifiedBy} before an
 * entity is converted. Registered by {@code @EnableKvAuditing}.
 */
public class AuditingEntityCallback implements BeforeConvertCallback<Object>, Ordered {

	private final ObjectFactory<IsNewAwareAuditingHandler> auditingHandler;

	/**
	 * Creates the callback.
	 * @param auditingHandler the auditing handler, resolved lazily
	 */
	public AuditingEntityCallback(ObjectFactory<IsNewAwareAuditingHandler> auditingHandler) {
		this.auditingHandler = auditingHandler;
	}

	@Override
	public Object onBeforeConvert(Object entity, String bucket) {
		return this.auditingHandler.getObject().markAudited(entity);
	}

	@Override
	public int getOrder() {
		return 100;
	}

}
