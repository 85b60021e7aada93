package io.github.kvspring.benchmarks;

/**
 * The value the cache benchmarks cache: a small record, written as JSON with its type by both cache managers.
 *
 * @param sku the key it was computed for
 * @param currency its currency
 * @param amount the amount
 * @param description a ~100-byte text
 */
public record Price(String sku, String currency, double amount, String description) {

	static Price of(String sku) {
		return new Price(sku, "EUR", 12.5, KvBenchmarks.PAYLOAD);
	}

}
