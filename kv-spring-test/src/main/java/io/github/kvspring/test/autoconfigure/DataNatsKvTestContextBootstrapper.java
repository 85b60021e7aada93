package io.github.kvspring.test.autoconfigure;

import org.springframework.boot.test.autoconfigure.TestSliceTestContextBootstrapper;

/**
 * Bootstraps {@link DataNatsKvTest} contexts (its {@code properties} attribute among others).
 */
class DataNatsKvTestContextBootstrapper extends TestSliceTestContextBootstrapper<DataNatsKvTest> {

}
