package io.github.kvspring.data.repository;

import io.github.kvspring.data.mapping.KvEntity;
import io.github.kvspring.data.mapping.KvIndexed;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/**
 * An entity with two indexed properties, a string and an enum.
 *
 * @param id the id
 * @param category the category, indexed
 * @param status the status, indexed
 * @param stock the stock, not indexed
 * @param version the revision
 */
@KvEntity(bucket = "repo-products", keyPrefix = "product")
public record Product(@Id String id, @KvIndexed String category, @KvIndexed Status status, int stock,
		@Version long version) {

	/**
	 * A product's status.
	 */
	public enum Status {

		ACTIVE, RETIRED

	}

	Product withCategory(String category) {
		return new Product(this.id, category, this.status, this.stock, this.version);
	}

}
