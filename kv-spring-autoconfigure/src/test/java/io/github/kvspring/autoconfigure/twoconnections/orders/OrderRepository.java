package io.github.kvspring.autoconfigure.twoconnections.orders;

import io.github.kvspring.data.repository.KvRepository;

/**
 * Orders, through the auto-configured template.
 */
public interface OrderRepository extends KvRepository<Order, String> {

}
