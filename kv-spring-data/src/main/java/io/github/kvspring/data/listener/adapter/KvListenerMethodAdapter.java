package io.github.kvspring.data.listener.adapter;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import io.github.kvspring.data.convert.KvValueConversionException;
import io.github.kvspring.data.convert.KvValueConverter;
import io.github.kvspring.data.core.KvEntry;
import io.github.kvspring.data.core.KvOperation;
import io.github.kvspring.data.entity.KvEntityTemplate;
import io.github.kvspring.data.listener.KvDeliveryAttempt;
import io.github.kvspring.data.listener.KvEntityId;
import io.github.kvspring.data.listener.KvEntryHandler;
import io.github.kvspring.data.listener.KvKey;
import io.github.kvspring.data.listener.KvRevision;
import io.github.kvspring.data.mapping.KvEntity;
import org.jspecify.annotations.Nullable;

import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Calls a {@code @KvListener} method with its arguments resolved from each entry: the value converted to the
 * value parameter's type, the whole entry, the operation, the key ({@link KvKey}), the revision
 * ({@link KvRevision}), the delivery attempt ({@link KvDeliveryAttempt}) and the entity's id decoded from the key
 * ({@link KvEntityId}). A method whose parameter is a {@code List<KvEntry<T>>} (alone, or with a
 * {@link KvDeliveryAttempt} one) takes each change whole: an entry written on its own as a list of one, a
 * transaction's entries in one call. The method's parameters are checked once, when the listener is registered.
 */
public class KvListenerMethodAdapter implements KvEntryHandler {

	private final Object bean;

	private final Method method;

	private final Argument[] arguments;

	private final @Nullable Class<?> valueType;

	private final KvValueConverter converter;

	private final @Nullable KvEntityTemplate entityTemplate;

	private final @Nullable Class<?> idOf;

	/**
	 * Creates an adapter.
	 * @param bean the bean
	 * @param method the listener method
	 * @param converter converts values that are not entities
	 * @param entityTemplate converts {@code @KvEntity} values and decodes {@link KvEntityId} parameters, or
	 * {@code null} without repositories
	 * @param entityType the entity type the listener watches ({@code @KvListener(entity = ...)}), or {@code null}
	 * when it names none; a {@link KvEntityId} parameter then needs a {@code @KvEntity} value type
	 * @throws IllegalStateException naming the method if a parameter cannot be resolved or it returns a value
	 */
	public KvListenerMethodAdapter(Object bean, Method method, KvValueConverter converter,
			@Nullable KvEntityTemplate entityTemplate, @Nullable Class<?> entityType) {
		this.bean = bean;
		this.method = method;
		this.converter = converter;
		this.entityTemplate = entityTemplate;
		if (method.getReturnType() != void.class) {
			throw new IllegalStateException("@KvListener method " + describe(method) + " must return void");
		}
		Parameter[] parameters = method.getParameters();
		this.arguments = new Argument[parameters.length];
		Class<?> value = null;
		Parameter id = null;
		for (int i = 0; i < parameters.length; i++) {
			Parameter parameter = parameters[i];
			Class<?> type = parameter.getType();
			if (parameter.isAnnotationPresent(KvEntityId.class)) {
				id = parameter;
				this.arguments[i] = Argument.ENTITY_ID;
			}
			else if (parameter.isAnnotationPresent(KvKey.class)) {
				require(type == String.class, parameter, "@KvKey needs a String");
				this.arguments[i] = Argument.KEY;
			}
			else if (parameter.isAnnotationPresent(KvRevision.class)) {
				require(type == long.class || type == Long.class, parameter, "@KvRevision needs a long");
				this.arguments[i] = Argument.REVISION;
			}
			else if (parameter.isAnnotationPresent(KvDeliveryAttempt.class)) {
				require(type == int.class || type == Integer.class, parameter, "@KvDeliveryAttempt needs an int");
				this.arguments[i] = Argument.ATTEMPT;
			}
			else if (type == KvOperation.class) {
				this.arguments[i] = Argument.OPERATION;
			}
			else if (type == KvEntry.class) {
				this.arguments[i] = Argument.ENTRY;
				value = setOnce(value, ResolvableType.forMethodParameter(method, i).getGeneric(0).toClass(), parameter);
			}
			else if (type == List.class) {
				ResolvableType element = ResolvableType.forMethodParameter(method, i).getGeneric(0);
				require(element.toClass() == KvEntry.class && changeAlone(parameters), parameter,
						"a method taking changes whole has one parameter, a List<KvEntry<T>>, "
								+ "and at most a @KvDeliveryAttempt one besides");
				this.arguments[i] = Argument.CHANGE;
				value = setOnce(value, element.getGeneric(0).toClass(), parameter);
			}
			else {
				this.arguments[i] = Argument.VALUE;
				value = setOnce(value, type, parameter);
			}
		}
		this.valueType = value;
		this.idOf = (id != null) ? idOf(id, entityType, value) : null;
		ReflectionUtils.makeAccessible(method);
	}

	/**
	 * The entity type whose id a {@link KvEntityId} parameter receives, checked against the parameter's type.
	 */
	private Class<?> idOf(Parameter parameter, @Nullable Class<?> entityType, @Nullable Class<?> valueType) {
		Class<?> entity = (entityType != null && entityType != void.class) ? entityType
				: (valueType != null && valueType.isAnnotationPresent(KvEntity.class)) ? valueType : null;
		if (entity == null) {
			throw invalid(parameter,
					"@KvEntityId needs an entity type: set @KvListener(entity = ...) or take a @KvEntity value");
		}
		KvEntityTemplate template = this.entityTemplate;
		if (template == null) {
			throw invalid(parameter, "@KvEntityId needs an entity template to decode the key");
		}
		Class<?> idType = template.entity(entity).getRequiredIdProperty().getType();
		require(ClassUtils.isAssignable(parameter.getType(), idType), parameter, "@KvEntityId needs a type "
				+ "assignable from the id type of " + entity.getSimpleName() + " (" + idType.getName() + ")");
		return entity;
	}

	private static boolean changeAlone(Parameter[] parameters) {
		return parameters.length == 1
				|| (parameters.length == 2 && Arrays.stream(parameters).filter((parameter) -> parameter
					.isAnnotationPresent(KvDeliveryAttempt.class)).count() == 1);
	}

	private Class<?> setOnce(@Nullable Class<?> current, Class<?> type, Parameter parameter) {
		require(current == null, parameter, "only one parameter may receive the value (the value or the KvEntry)");
		return (type == Object.class) ? byte[].class : type;
	}

	private void require(boolean condition, Parameter parameter, String rule) {
		if (!condition) {
			throw invalid(parameter, rule);
		}
	}

	private IllegalStateException invalid(Parameter parameter, String rule) {
		return new IllegalStateException("@KvListener method " + describe(this.method) + ": parameter '"
				+ parameter.getName() + "': " + rule);
	}

	/**
	 * Whether the method takes a {@code List<KvEntry<T>>}: each change whole, a transaction in one call.
	 * @return whether it takes changes whole
	 */
	@Override
	public boolean takesWholeChanges() {
		return Arrays.asList(this.arguments).contains(Argument.CHANGE);
	}

	@Override
	public void handleChange(List<KvEntry<byte[]>> entries) throws Exception {
		handleChange(entries, 1);
	}

	@Override
	public void handleChange(List<KvEntry<byte[]>> entries, int attempt) throws Exception {
		if (!takesWholeChanges()) {
			for (KvEntry<byte[]> entry : entries) {
				handle(entry, attempt);
			}
			return;
		}
		List<KvEntry<@Nullable Object>> converted = new ArrayList<>(entries.size());
		for (KvEntry<byte[]> entry : entries) {
			converted.add(converted(entry, convert(entry)));
		}
		Object[] values = new Object[this.arguments.length];
		for (int i = 0; i < values.length; i++) {
			values[i] = (this.arguments[i] == Argument.ATTEMPT) ? attempt : Collections.unmodifiableList(converted);
		}
		call(values);
	}

	@Override
	public void handle(KvEntry<byte[]> entry) throws Exception {
		handle(entry, 1);
	}

	@Override
	public void handle(KvEntry<byte[]> entry, int attempt) throws Exception {
		if (takesWholeChanges()) {
			handleChange(List.of(entry), attempt);
			return;
		}
		Object value = convert(entry);
		Object id = (this.idOf != null) ? id(this.idOf, entry) : null;
		Object[] values = new Object[this.arguments.length];
		for (int i = 0; i < values.length; i++) {
			values[i] = switch (this.arguments[i]) {
				case KEY -> entry.key();
				case REVISION -> entry.revision();
				case ATTEMPT -> attempt;
				case OPERATION -> entry.operation();
				case ENTITY_ID -> id;
				case VALUE -> value;
				case ENTRY -> converted(entry, value);
				case CHANGE -> throw new IllegalStateException("unreachable: a change parameter stands alone");
			};
		}
		call(values);
	}

	private static KvEntry<@Nullable Object> converted(KvEntry<byte[]> entry, @Nullable Object value) {
		return new KvEntry<>(entry.bucket(), entry.key(), value, entry.revision(), entry.created(), entry.delta(),
				entry.operation());
	}

	private void call(@Nullable Object[] values) throws Exception {
		try {
			this.method.invoke(this.bean, values);
		}
		catch (InvocationTargetException ex) {
			if (ex.getCause() instanceof Exception cause) {
				throw cause;
			}
			throw ex;
		}
	}

	private @Nullable Object convert(KvEntry<byte[]> entry) {
		byte[] data = entry.value();
		Class<?> type = this.valueType;
		if (data == null || type == null || type == byte[].class) {
			return data;
		}
		try {
			if (this.entityTemplate != null && type.isAnnotationPresent(KvEntity.class)) {
				return this.entityTemplate.read(type, entry).entity();
			}
			return this.converter.read(data, type);
		}
		catch (RuntimeException ex) {
			throw conversionFailure("Value of key", entry, type.getName(), ex);
		}
	}

	private Object id(Class<?> entityType, KvEntry<byte[]> entry) {
		try {
			return Objects.requireNonNull(this.entityTemplate).idFromKey(entityType, entry.key());
		}
		catch (RuntimeException ex) {
			throw conversionFailure("Key", entry, "an id of " + entityType.getName(), ex);
		}
	}

	private KvValueConversionException conversionFailure(String what, KvEntry<byte[]> entry, String target,
			RuntimeException ex) {
		if (ex instanceof KvValueConversionException located && located.getKey() != null) {
			// The entity template's own failure names bucket, key and revision already.
			return located;
		}
		return new KvValueConversionException(what + " '" + entry.key() + "' at revision " + entry.revision()
				+ " in bucket '" + entry.bucket() + "' cannot be read as " + target + " for " + describe(this.method)
				+ ": " + ex.getMessage(), ex);
	}

	/**
	 * The listener method's description, for messages.
	 * @return {@code Class.method}
	 */
	@Override
	public String toString() {
		return describe(this.method);
	}

	private static String describe(Method method) {
		return method.getDeclaringClass().getSimpleName() + "." + method.getName();
	}

	private enum Argument {

		KEY, REVISION, ATTEMPT, OPERATION, VALUE, ENTRY, ENTITY_ID, CHANGE

	}

}
