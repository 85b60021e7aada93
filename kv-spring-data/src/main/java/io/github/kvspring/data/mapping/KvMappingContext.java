package io.github.kvspring.data.mapping;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.data.core.TypeInformation;
import org.springframework.data.mapping.context.AbstractMappingContext;
import org.springframework.data.mapping.model.Property;
import org.springframework.data.mapping.model.SimpleTypeHolder;

/**
 * The mapping context of KV entities.
 */
public class KvMappingContext extends AbstractMappingContext<KvPersistentEntity<?>, KvPersistentProperty> {

	private final Map<Class<?>, KvPersistentEntity<?>> entitiesByClass = new ConcurrentHashMap<>();

	/**
	 * Creates a mapping context.
	 */
	public KvMappingContext() {
	}

	/**
	 * The entity of a class, looked up by the class itself once it is known: the inherited lookup builds a
	 * {@code TypeInformation} on every call, which showed as the largest single cost of reading entities.
	 * @param type the entity class
	 * @return the entity
	 */
	@Override
	public KvPersistentEntity<?> getRequiredPersistentEntity(Class<?> type) {
		KvPersistentEntity<?> entity = this.entitiesByClass.get(type);
		if (entity == null) {
			entity = super.getRequiredPersistentEntity(type);
			this.entitiesByClass.put(type, entity);
		}
		return entity;
	}

	@Override
	protected <T> KvPersistentEntity<?> createPersistentEntity(TypeInformation<T> typeInformation) {
		return new KvPersistentEntity<>(typeInformation);
	}

	@Override
	protected KvPersistentProperty createPersistentProperty(Property property, KvPersistentEntity<?> owner,
			SimpleTypeHolder simpleTypeHolder) {
		return new KvPersistentProperty(property, owner, simpleTypeHolder);
	}

}
