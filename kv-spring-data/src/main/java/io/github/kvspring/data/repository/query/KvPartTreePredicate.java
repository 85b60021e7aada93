package io.github.kvspring.data.repository.query;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.data.repository.query.ParameterAccessor;
import org.springframework.data.repository.query.parser.Part;
import org.springframework.data.repository.query.parser.PartTree;

import io.github.kvspring.data.mapping.KvMappingContext;

/**
 * Turns a derived query's {@link PartTree} and its arguments into a predicate over entities. Every keyword of
 * Spring Data's query derivation is evaluated except the geospatial ones ({@code Near}, {@code Within}), which
 * {@link #unsupportedPart} refuses when the repository is created.
 */
final class KvPartTreePredicate {

	static final Set<Part.Type> UNSUPPORTED = EnumSet.of(Part.Type.NEAR, Part.Type.WITHIN);

	private KvPartTreePredicate() {
	}

	/**
	 * The first keyword of the tree this store cannot evaluate, if any.
	 */
	static @Nullable Part unsupportedPart(PartTree tree) {
		return tree.getParts().stream().filter((part) -> UNSUPPORTED.contains(part.getType())).findFirst().orElse(null);
	}

	static Predicate<Object> of(PartTree tree, ParameterAccessor parameters, KvMappingContext mappingContext) {
		Iterator<Object> arguments = parameters.iterator();
		Predicate<Object> result = null;
		for (PartTree.OrPart or : tree) {
			Predicate<Object> all = (entity) -> true;
			for (Part part : or) {
				all = all.and(part(part, arguments, mappingContext));
			}
			result = (result != null) ? result.or(all) : all;
		}
		return (result != null) ? result : (entity) -> true;
	}

	private static Predicate<Object> part(Part part, Iterator<Object> arguments, KvMappingContext mappingContext) {
		List<@Nullable Object> values = new ArrayList<>();
		for (int i = 0; i < part.getNumberOfArguments(); i++) {
			values.add(arguments.next());
		}
		boolean ignoreCase = part.shouldIgnoreCase() != Part.IgnoreCaseType.NEVER;
		Condition condition = condition(part.getType(), values, ignoreCase);
		return (entity) -> condition.test(normalize(KvPropertyValues.get(mappingContext, entity, part.getProperty()),
				ignoreCase));
	}

	@FunctionalInterface
	private interface Condition {

		boolean test(@Nullable Object value);

	}

	private static Condition condition(Part.Type type, List<@Nullable Object> raw, boolean ignoreCase) {
		List<@Nullable Object> arguments = raw.stream().map((argument) -> normalize(argument, ignoreCase)).toList();
		Object first = arguments.isEmpty() ? null : arguments.get(0);
		return switch (type) {
			case SIMPLE_PROPERTY -> (value) -> KvValues.equal(value, first);
			case NEGATING_SIMPLE_PROPERTY -> (value) -> !KvValues.equal(value, first);
			case GREATER_THAN, AFTER -> (value) -> compared(value, first, (result) -> result > 0);
			case GREATER_THAN_EQUAL -> (value) -> compared(value, first, (result) -> result >= 0);
			case LESS_THAN, BEFORE -> (value) -> compared(value, first, (result) -> result < 0);
			case LESS_THAN_EQUAL -> (value) -> compared(value, first, (result) -> result <= 0);
			case BETWEEN -> (value) -> compared(value, first, (result) -> result >= 0)
					&& compared(value, arguments.get(1), (result) -> result <= 0);
			case IN -> (value) -> elements(first, ignoreCase).stream().anyMatch((element) -> KvValues.equal(value, element));
			case NOT_IN -> (value) -> elements(first, ignoreCase).stream().noneMatch((element) -> KvValues.equal(value, element));
			case LIKE -> like(first, false);
			case NOT_LIKE -> like(first, true);
			case STARTING_WITH -> (value) -> value != null && first != null && value.toString().startsWith(first.toString());
			case ENDING_WITH -> (value) -> value != null && first != null && value.toString().endsWith(first.toString());
			case CONTAINING -> (value) -> contains(value, first);
			case NOT_CONTAINING -> (value) -> value != null && !contains(value, first);
			case REGEX -> regex(first);
			case IS_NULL -> (value) -> value == null;
			case IS_NOT_NULL, EXISTS -> (value) -> value != null;
			case TRUE -> Boolean.TRUE::equals;
			case FALSE -> Boolean.FALSE::equals;
			case IS_EMPTY -> KvPartTreePredicate::isEmpty;
			case IS_NOT_EMPTY -> (value) -> value != null && !isEmpty(value);
			case NEAR, WITHIN -> throw new UnsupportedOperationException("Keyword " + type + " is not supported");
		};
	}

	/**
	 * Whether the comparison of value and argument satisfies the test; {@code null} is never greater, smaller
	 * or between, so such comparisons leave the entity out.
	 */
	private static boolean compared(@Nullable Object value, @Nullable Object argument, IntPredicate test) {
		return value != null && argument != null && test.test(KvValues.compare(value, argument));
	}

	private static Condition like(@Nullable Object pattern, boolean negate) {
		if (pattern == null) {
			return (value) -> false;
		}
		StringBuilder regex = new StringBuilder();
		for (char c : pattern.toString().toCharArray()) {
			switch (c) {
				case '%' -> regex.append(".*");
				case '_' -> regex.append('.');
				default -> regex.append(Pattern.quote(String.valueOf(c)));
			}
		}
		Pattern compiled = Pattern.compile(regex.toString(), Pattern.DOTALL);
		return (value) -> value != null && (compiled.matcher(value.toString()).matches() != negate);
	}

	private static Condition regex(@Nullable Object pattern) {
		if (pattern == null) {
			return (value) -> false;
		}
		Pattern compiled = (pattern instanceof Pattern given) ? given : Pattern.compile(pattern.toString());
		return (value) -> value != null && compiled.matcher(value.toString()).matches();
	}

	private static boolean contains(@Nullable Object value, @Nullable Object argument) {
		if (value == null || argument == null) {
			return false;
		}
		if (value instanceof Collection<?> collection) {
			return collection.stream().anyMatch((element) -> KvValues.equal(element, argument));
		}
		if (value.getClass().isArray()) {
			for (int i = 0; i < Array.getLength(value); i++) {
				if (KvValues.equal(Array.get(value, i), argument)) {
					return true;
				}
			}
			return false;
		}
		return value.toString().contains(argument.toString());
	}

	private static boolean isEmpty(@Nullable Object value) {
		if (value == null) {
			return true;
		}
		if (value instanceof Collection<?> collection) {
			return collection.isEmpty();
		}
		if (value instanceof Map<?, ?> map) {
			return map.isEmpty();
		}
		if (value instanceof CharSequence text) {
			return text.isEmpty();
		}
		return value.getClass().isArray() && Array.getLength(value) == 0;
	}

	private static List<@Nullable Object> elements(@Nullable Object argument, boolean ignoreCase) {
		List<@Nullable Object> elements = new ArrayList<>();
		if (argument instanceof Iterable<?> iterable) {
			iterable.forEach((element) -> elements.add(normalize(element, ignoreCase)));
		}
		else if (argument != null && argument.getClass().isArray()) {
			for (int i = 0; i < Array.getLength(argument); i++) {
				elements.add(normalize(Array.get(argument, i), ignoreCase));
			}
		}
		else {
			elements.add(argument);
		}
		return elements;
	}

	private static @Nullable Object normalize(@Nullable Object value, boolean ignoreCase) {
		return (ignoreCase && value instanceof String text) ? text.toLowerCase(Locale.ROOT) : value;
	}

}
