package io.github.kvspring.autoconfigure.multistore;

import io.github.kvspring.data.repository.KvRepository;

/**
 * A KV repository in the same package as another store's repository.
 */
public interface WidgetRepository extends KvRepository<Widget, String> {

}
