package io.github.kvspring.data.mapping;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.github.kvspring.data.convert.KvValueConversionException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.mapping.Parameter;
import org.springframework.data.mapping.PersistentPropertyAccessor;
import org.springframework.data.mapping.model.EntityInstantiators;
import org.springframework.data.mapping.model.InstantiationAwarePropertyAccessor;
import org.springframework.data.mapping.model.ParameterValueProvider;
import org.springframework.util.ClassUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Converts entities to the JSON value of their entry and back, through the mapping metadata: every stored
 * property becomes a JSON field (nulls left out); the version is never stored (it is the entry's revision);
 * {@code @Transient} properties are skipped. Reading instantiates through the entity's creator (a record's
 * canonical constructor, a {@code @PersistenceCreator}, …), with the id taken from the key and the version from
 * the revision.
 */
public class KvEntityConverter {

	private final KvMappingContext mappingContext;

	private final Supplier<JsonMapper> mapper;

	private final EntityInstantiators instantiators = new EntityInstantiators();

	private final Map<Class<?>, JsonLayout> layouts = new ConcurrentHashMap<>();

	/**
	 * Creates a converter.
	 * @param mappingContext the mapping context
	 * @param mapper the JSON mapper
	 */
	public KvEntityConverter(KvMappingContext mappingContext, JsonMapper mapper) {
		this.mappingContext = mappingContext;
		this.mapper = () -> mapper;
	}

	/**
	 * Creates a converter whose JSON mapper is obtained on first use: building a Jackson mapper loads several
	 * hundred classes, which an application's start-up need not wait for.
	 * @param mappingContext the mapping context
	 * @param mapper supplies the JSON mapper, called once
	 */
	public KvEntityConverter(KvMappingContext mappingContext, Supplier<JsonMapper> mapper) {
		this.mappingContext = mappingContext;
		this.mapper = SingletonSupplier.of(mapper);
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
		JsonLayout layout = layoutOf(persistentEntity);
		ByteArrayOutputStream out = new ByteArrayOutputStream(128);
		JsonMapper mapper = this.mapper.get();
		try (JsonGenerator generator = mapper.createGenerator(out)) {
			generator.writeStartObject();
			for (int i = 0; i < layout.properties.length; i++) {
				Object value = accessor.getProperty(layout.properties[i]);
				if (value != null) {
					generator.writeName(layout.names[i]);
					writeValue(generator, mapper, value);
				}
			}
			generator.writeEndObject();
		}
		catch (JacksonException ex) {
			throw new KvValueConversionException(
					"Cannot write " + entity.getClass().getName() + " as JSON: " + ex.getOriginalMessage(), ex);
		}
		return out.toByteArray();
	}

	/**
	 * Reads an entity from the bytes of its entry. The JSON is read in one pass, each field straight into its
	 * property's type; fields that match no stored property are skipped.
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
		JsonLayout layout = layoutOf(persistentEntity);
		@Nullable Object[] values = readValues(data, type, layout);
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
				P value = (P) valueOf(property, layout, values, id, revision);
				return value;
			}
		};
		T instance = this.instantiators.getInstantiatorFor(persistentEntity).createInstance(persistentEntity, parameters);
		if (layout.settable.length == 0) {
			return instance;
		}
		PersistentPropertyAccessor<T> accessor = persistentEntity.getPropertyAccessor(instance);
		for (KvPersistentProperty property : layout.settable) {
			Object value = valueOf(property, layout, values, id, revision);
			if (value != null || !property.getType().isPrimitive()) {
				accessor.setProperty(property, value);
			}
		}
		return accessor.getBean();
	}

	private @Nullable Object[] readValues(byte[] data, Class<?> type, JsonLayout layout) {
		@Nullable Object[] values = new Object[layout.properties.length];
		String field = null;
		try (JsonParser parser = this.mapper.get().createParser(data)) {
			JsonToken token = parser.nextToken();
			if (token != JsonToken.START_OBJECT) {
				throw new KvValueConversionException(
						"Cannot read " + type.getName() + " from JSON that is not an object (it starts with " + token + ")");
			}
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				field = parser.currentName();
				JsonToken valueToken = parser.nextToken();
				Integer index = layout.indexes.get(field);
				if (index == null) {
					parser.skipChildren();
				}
				else if (valueToken != JsonToken.VALUE_NULL) {
					values[index] = readValue(parser, valueToken, layout.kinds[index], layout.readers[index]);
				}
				field = null;
			}
		}
		catch (JacksonException ex) {
			String what = (field != null) ? "property '" + field + "' of " + type.getName() : type.getName();
			throw new KvValueConversionException("Cannot read " + what + " from JSON: " + ex.getOriginalMessage(), ex);
		}
		return values;
	}

	/**
	 * The form in which an index holds a value of an indexed property: its JSON, as a string, so that a query
	 * argument and a stored value meet exactly when the stored JSON would be written for the argument.
	 * @param value a value of the property (a query argument)
	 * @return the index form, or {@code null} for {@code null} (which no index holds)
	 */
	public @Nullable String indexForm(@Nullable Object value) {
		if (value == null) {
			return null;
		}
		try {
			return indexForm(this.mapper.get().valueToTree(value));
		}
		catch (JacksonException ex) {
			throw new KvValueConversionException("Cannot write " + value.getClass().getName() + " as JSON: "
					+ ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * Reads the indexed properties of an entity from the bytes of its entry, in their index form.
	 * @param data the JSON bytes
	 * @param entity the entity
	 * @return the index form of each indexed property that has a value, by property name
	 */
	public Map<String, String> readIndexForms(byte[] data, KvPersistentEntity<?> entity) {
		JsonLayout layout = layoutOf(entity);
		Map<String, String> forms = new HashMap<>();
		if (layout.indexed.isEmpty()) {
			return forms;
		}
		try {
			JsonNode node = this.mapper.get().readTree(data);
			for (String name : layout.indexed) {
				JsonNode field = node.get(name);
				if (field != null && !field.isNull()) {
					forms.put(name, indexForm(field));
				}
			}
		}
		catch (JacksonException ex) {
			throw new KvValueConversionException("Cannot read " + entity.getType().getName() + " from JSON: "
					+ ex.getOriginalMessage(), ex);
		}
		return forms;
	}

	private static String indexForm(JsonNode node) {
		return node.isString() ? node.stringValue() : node.toString();
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

	/**
	 * Writes a property's value: strings, booleans and integral numbers straight to the generator (each
	 * {@code writeValue} call sets up a serialization context, which costs more than the value itself), the rest
	 * through the mapper.
	 */
	private static void writeValue(JsonGenerator generator, JsonMapper mapper, Object value) {
		if (value instanceof String string) {
			generator.writeString(string);
		}
		else if (value instanceof Integer number) {
			generator.writeNumber(number);
		}
		else if (value instanceof Long number) {
			generator.writeNumber(number);
		}
		else if (value instanceof Boolean bool) {
			generator.writeBoolean(bool);
		}
		else {
			mapper.writeValue(generator, value);
		}
	}

	/**
	 * Reads a property's value: a string, boolean, int or long of the matching JSON type straight from the parser,
	 * anything else (including coercions and their errors) through the property's reader.
	 */
	private static @Nullable Object readValue(JsonParser parser, JsonToken token, ValueKind kind, ObjectReader reader) {
		return switch (kind) {
			case STRING -> (token == JsonToken.VALUE_STRING) ? parser.getString() : reader.readValue(parser);
			case INT -> (token == JsonToken.VALUE_NUMBER_INT) ? (Object) parser.getIntValue() : reader.readValue(parser);
			case LONG -> (token == JsonToken.VALUE_NUMBER_INT) ? (Object) parser.getLongValue() : reader.readValue(parser);
			case BOOLEAN -> (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) ? parser.getBooleanValue()
					: reader.readValue(parser);
			case OTHER -> reader.readValue(parser);
		};
	}

	/**
	 * The types read straight from the parser.
	 */
	private enum ValueKind {

		STRING, INT, LONG, BOOLEAN, OTHER;

		static ValueKind of(Class<?> type) {
			Class<?> boxed = ClassUtils.resolvePrimitiveIfNecessary(type);
			if (boxed == String.class) {
				return STRING;
			}
			if (boxed == Integer.class) {
				return INT;
			}
			if (boxed == Long.class) {
				return LONG;
			}
			return (boxed == Boolean.class) ? BOOLEAN : OTHER;
		}

	}

	private static @Nullable Object valueOf(KvPersistentProperty property, JsonLayout layout,
			@Nullable Object[] values, Object id, long revision) {
		if (property.isIdProperty()) {
			return id;
		}
		if (property.isVersionProperty()) {
			return revision;
		}
		Integer index = layout.indexes.get(property.getName());
		return (index != null) ? values[index] : null;
	}

	private JsonLayout layoutOf(KvPersistentEntity<?> entity) {
		return this.layouts.computeIfAbsent(entity.getType(), (type) -> new JsonLayout(entity, this.mapper.get()));
	}

	/**
	 * How an entity's stored properties lie in its JSON: their field names, a reader per property type, and the
	 * properties set after instantiation. Built once per entity type.
	 */
	private static final class JsonLayout {

		private final KvPersistentProperty[] properties;

		private final SerializableString[] names;

		private final ObjectReader[] readers;

		private final ValueKind[] kinds;

		private final Map<String, Integer> indexes = new HashMap<>();

		private final KvPersistentProperty[] settable;

		private final List<String> indexed = new ArrayList<>();

		JsonLayout(KvPersistentEntity<?> entity, JsonMapper mapper) {
			List<KvPersistentProperty> stored = new ArrayList<>();
			List<KvPersistentProperty> settable = new ArrayList<>();
			for (KvPersistentProperty property : entity) {
				if (property.isStored()) {
					stored.add(property);
				}
				if (property.isIndexed()) {
					this.indexed.add(property.getName());
				}
				if (!entity.isCreatorArgument(property) && !property.isTransient()) {
					settable.add(property);
				}
			}
			this.properties = stored.toArray(KvPersistentProperty[]::new);
			this.names = new SerializableString[this.properties.length];
			this.readers = new ObjectReader[this.properties.length];
			this.kinds = new ValueKind[this.properties.length];
			for (int i = 0; i < this.properties.length; i++) {
				KvPersistentProperty property = this.properties[i];
				this.names[i] = new SerializedString(property.getName());
				// Each reader reads one field's value in the middle of the object: what follows is the next field.
				this.readers[i] = mapper
					.readerFor(mapper
						.constructType(property.getTypeInformation().toTypeDescriptor().getResolvableType().getType()))
					.without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
				this.kinds[i] = ValueKind.of(property.getType());
				this.indexes.put(property.getName(), i);
			}
			this.settable = settable.toArray(KvPersistentProperty[]::new);
		}

	}

}
