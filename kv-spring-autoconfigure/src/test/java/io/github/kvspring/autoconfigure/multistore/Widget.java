package io.github.kvspring.autoconfigure.multistore;

import io.github.kvspring.data.mapping.KvEntity;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/**
 * A KV entity beside an entity of another Spring Data store.
 *
 * @param id the id
 * @param name the name
 * @param version the revision
 */
@KvEntity("widgets")
public record Widget(@Id String id, String name, @Version long version) {

}
