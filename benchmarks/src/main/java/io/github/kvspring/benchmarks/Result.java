package io.github.kvspring.benchmarks;

/**
 * One measured variant of a scenario.
 *
 * @param scenario what was measured, such as "put"
 * @param variant how, such as "raw jnats" or "KeyValueTemplate"
 * @param value the figure
 * @param unit its unit, such as "ops/s" or "µs"
 * @param higherIsBetter whether a larger figure is better
 */
record Result(String scenario, String variant, double value, String unit, boolean higherIsBetter) {

}
