package io.github.kvspring.data.repository.query;

import java.math.BigDecimal;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Equality and ordering of property values and query arguments: numbers by value whatever their type, enums
 * also by name, everything else as it compares itself.
 */
final class KvValues {

	private KvValues() {
	}

	static boolean equal(@Nullable Object value, @Nullable Object argument) {
		if (value instanceof Number number && argument instanceof Number other) {
			return decimal(number).compareTo(decimal(other)) == 0;
		}
		if (value instanceof Enum<?> constant && argument instanceof String name) {
			return constant.name().equals(name);
		}
		return Objects.equals(value, argument);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	static int compare(Object value, Object argument) {
		if (value instanceof Number number && argument instanceof Number other) {
			return decimal(number).compareTo(decimal(other));
		}
		if (value instanceof Comparable comparable && value.getClass().isInstance(argument)) {
			return comparable.compareTo(argument);
		}
		if (argument instanceof Comparable comparable && argument.getClass().isInstance(value)) {
			return -comparable.compareTo(value);
		}
		throw new IllegalArgumentException("Cannot compare " + value.getClass().getName() + " with "
				+ argument.getClass().getName());
	}

	private static BigDecimal decimal(Number number) {
		return (number instanceof BigDecimal decimal) ? decimal : new BigDecimal(number.toString());
	}

}
