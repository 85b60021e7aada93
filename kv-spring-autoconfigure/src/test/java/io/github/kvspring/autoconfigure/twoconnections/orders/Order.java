package io.github.kvspring.autoconfigure.twoconnections.orders;

import io.github.kvspring.data.mapping.KvEntity;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/**
 * An order, kept on the primary connection's server.
 *
 * @param id the id
 * @param item the item
 * @param version the revision
 */
@KvEntity(bucket = "two-orders", keyPrefix = "order")
public record Order(@Id String id, String item, @Version long version) {

}
