package io.github.kvspring.data.mapping;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.kvspring.data.convert.KvValueConversionException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.data.mapping.Parameter;
import org.springframework.data.mapping.PersistentPropertyAccessor;
import org.springframework.data.mapping.model.EntityInstantiators;
import org.springframework.data.mapping.model.InstantiationAwarePropertyAccessor;
import org.springframework.data.mapping.model.ParameterValueProvider;

/**
 * Converts entities to the JSON value of their entry and back, through the mapping metadata: every stored
 * property becomes a JSON field (nulls left out); the version is never stored (it is the entry's revision);
 * {@code @Transient} properties are skipped. Reading instantiates through the entity's creator (a record's
 * canonical constructor, a {@code @PersistenceCreator}, …), with the id taken from the key and the version from
 * the revision.
 */
public class KvEntityConverter {

	private final KvMappingContext mappingContext;

	private final JsonMapper mapper;

	private final EntityInstantiators instantiators = new EntityInstantiators();

	private final Map<KvPersistentProperty, JavaType> javaTypes = new ConcurrentHashMap<>();

	/**
	 * Creates a converter.
	 * @param mappingContext the mapping context
	 * @param mapper the JSON mapper
	 */
	public KvEntityConverter(KvMappingContext mappingContext, JsonMapper mapper) {
		this.mappingContext = mappingContext;
		this.mapper = mapper;
	}

	/**
	 * The mapping context.
	 * @return the mapping context
	 */
	public KvMappingContext getMappingContext() {
		return this.mappingContext;
	}

	/**
	 * Writes an entity as the bytes of its entry.
	 * @param entity the entity
	 * @return the JSON bytes
	 */
	public byte[] write(Object entity) {
		KvPersistentEntity<?> persistentEntity = this.mappingContext.getRequiredPersistentEntity(entity.getClass());
		PersistentPropertyAccessor<?> accessor = persistentEntity.getPropertyAccessor(entity);
		ObjectNode node = this.mapper.createObjectNode();
		try {
			for (KvPersistentProperty property : persistentEntity) {
				if (!property.isStored()) {
					continue;
				}
				Object value = accessor.getProperty(property);
				if (value != null) {
					node.set(property.getName(), this.mapper.valueToTree(value));
				}
			}
			return this.mapper.writeValueAsBytes(node);
		}
		catch (JacksonException ex) {
			throw new KvValueConversionException(
					"Cannot write " + entity.getClass().getName() + " as JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * Reads an entity from the bytes of its entry.
	 * @param <T> the entity type
	 * @param data the JSON bytes
	 * @param type the entity type
	 * @param id the id, decoded from the key
	 * @param revision the entry's revision, for the version property
	 * @return the entity
	 */
	public <T> T read(byte[] data, Class<T> type, Object id, long revision) {
		@SuppressWarnings("unchecked")
		KvPersistentEntity<T> persistentEntity = (KvPersistentEntity<T>) this.mappingContext
			.getRequiredPersistentEntity(type);
		JsonNode node;
		try {
			node = this.mapper.readTree(data);
		}
		catch (JacksonException ex) {
			throw new KvValueConversionException("Cannot read JSON as " + type.getName() + ": " + ex.getOriginalMessage(),
					ex);
		}
		if (!node.isObject()) {
			throw new KvValueConversionException("Cannot read " + type.getName() + " from a JSON " + node.getNodeType());
		}
		ParameterValueProvider<KvPersistentProperty> parameters = new ParameterValueProvider<>() {
			@Override
			public <P> @Nullable P getParameterValue(Parameter<P, KvPersistentProperty> parameter) {
				String name = parameter.getName();
				KvPersistentProperty property = (name != null) ? persistentEntity.getPersistentProperty(name) : null;
				if (property == null) {
					throw new KvValueConversionException("Creator parameter '" + name + "' of " + type.getName()
							+ " matches no property");
				}
				@SuppressWarnings("unchecked")
				P value = (P) valueOf(property, node, id, revision);
				return value;
			}
		};
		T instance = this.instantiators.getInstantiatorFor(persistentEntity).createInstance(persistentEntity, parameters);
		PersistentPropertyAccessor<T> accessor = persistentEntity.getPropertyAccessor(instance);
		for (KvPersistentProperty property : persistentEntity) {
			if (persistentEntity.isCreatorArgument(property) || property.isTransient()) {
				continue;
			}
			Object value = valueOf(property, node, id, revision);
			if (value != null || !property.getType().isPrimitive()) {
				accessor.setProperty(property, value);
			}
		}
		return accessor.getBean();
	}

	/**
	 * Sets a property of an entity, creating a copy for immutable types (records, withers).
	 * @param <T> the entity type
	 * @param entity the entity
	 * @param property the property
	 * @param value the value
	 * @return the entity, or its copy carrying the value
	 */
	public <T> T withProperty(T entity, KvPersistentProperty property, @Nullable Object value) {
		@SuppressWarnings("unchecked")
		KvPersistentEntity<T> persistentEntity = (KvPersistentEntity<T>) this.mappingContext
			.getRequiredPersistentEntity(entity.getClass());
		InstantiationAwarePropertyAccessor<T> accessor = new InstantiationAwarePropertyAccessor<>(entity,
				persistentEntity::getPropertyAccessor, this.instantiators);
		accessor.setProperty(property, value);
		return accessor.getBean();
	}

	private @Nullable Object valueOf(KvPersistentProperty property, JsonNode node, Object id, long revision) {
		if (property.isIdProperty()) {
			return id;
		}
		if (property.isVersionProperty()) {
			return revision;
		}
		JsonNode field = node.get(property.getName());
		if (field == null || field.isNull()) {
			return null;
		}
		JavaType javaType = this.javaTypes.computeIfAbsent(property, (key) -> this.mapper
			.constructType(key.getTypeInformation().toTypeDescriptor().getResolvableType().getType()));
		try {
			return this.mapper.treeToValue(field, javaType);
		}
		catch (JacksonException ex) {
			throw new KvValueConversionException("Cannot read property '" + property.getName() + "' of "
					+ property.getOwner().getType().getName() + ": " + ex.getOriginalMessage(), ex);
		}
	}

}
