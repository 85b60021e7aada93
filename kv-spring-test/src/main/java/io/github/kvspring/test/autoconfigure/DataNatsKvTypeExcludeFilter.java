package io.github.kvspring.test.autoconfigure;

import org.springframework.boot.test.context.filter.annotation.StandardAnnotationCustomizableTypeExcludeFilter;

/**
 * Leaves scanned components out of a {@link DataNatsKvTest} unless its filters include them.
 */
final class DataNatsKvTypeExcludeFilter extends StandardAnnotationCustomizableTypeExcludeFilter<DataNatsKvTest> {

	DataNatsKvTypeExcludeFilter(Class<?> testClass) {
		super(testClass);
	}

}
