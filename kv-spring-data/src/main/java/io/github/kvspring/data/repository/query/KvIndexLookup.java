package io.github.kvspring.data.repository.query;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.data.repository.query.ParameterAccessor;
import org.springframework.data.repository.query.parser.Part;
import org.springframework.data.repository.query.parser.PartTree;
import org.springframework.util.ObjectUtils;

import io.github.kvspring.data.mapping.KvPersistentEntity;
import io.github.kvspring.data.mapping.KvPersistentProperty;

/**
 * The index lookup that finds every candidate of one {@code Or} branch of a derived query: an equality
 * ({@code Is}, {@code Equals}, {@code In}) on a top-level {@code @KvIndexed} property, case-sensitive, with
 * non-null arguments. The query's predicate is still applied to what the lookup fetches.
 *
 * @param property the indexed property's name
 * @param values the values looked up
 */
record KvIndexLookup(String property, List<Object> values) {

	/**
	 * One lookup per {@code Or} branch, or {@code null} when a branch has none (the query then reads the bucket).
	 */
	static @Nullable List<KvIndexLookup> of(PartTree tree, ParameterAccessor parameters,
			KvPersistentEntity<?> entity) {
		Iterator<Object> arguments = parameters.iterator();
		List<KvIndexLookup> lookups = new ArrayList<>();
		boolean everyBranch = true;
		for (PartTree.OrPart or : tree) {
			KvIndexLookup branch = null;
			for (Part part : or) {
				List<@Nullable Object> partArguments = new ArrayList<>();
				for (int i = 0; i < part.getNumberOfArguments(); i++) {
					partArguments.add(arguments.next());
				}
				KvIndexLookup lookup = of(part, partArguments, entity);
				// The lookup with the fewest values narrows the branch most.
				if (lookup != null && (branch == null || lookup.values.size() < branch.values.size())) {
					branch = lookup;
				}
			}
			if (branch == null) {
				everyBranch = false;
			}
			else {
				lookups.add(branch);
			}
		}
		return (everyBranch && !lookups.isEmpty()) ? lookups : null;
	}

	private static @Nullable KvIndexLookup of(Part part, List<@Nullable Object> arguments,
			KvPersistentEntity<?> entity) {
		if (part.getProperty().hasNext() || part.shouldIgnoreCase() != Part.IgnoreCaseType.NEVER
				|| arguments.size() != 1) {
			return null;
		}
		KvPersistentProperty property = entity.getPersistentProperty(part.getProperty().getSegment());
		if (property == null || !property.isIndexed()) {
			return null;
		}
		Object argument = arguments.get(0);
		List<Object> values = new ArrayList<>();
		if (part.getType() == Part.Type.SIMPLE_PROPERTY && argument != null) {
			values.add(argument);
		}
		else if (part.getType() == Part.Type.IN && argument instanceof Collection<?> collection) {
			values.addAll(collection);
		}
		else if (part.getType() == Part.Type.IN && argument != null && ObjectUtils.isArray(argument)) {
			values.addAll(List.of(ObjectUtils.toObjectArray(argument)));
		}
		else {
			return null;
		}
		// A null among the values matches entities without one, which no index holds.
		return values.contains(null) ? null : new KvIndexLookup(property.getName(), values);
	}

}
