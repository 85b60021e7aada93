package io.github.kvspring.autoconfigure.multistore;

import org.springframework.data.keyvalue.repository.KeyValueRepository;

/**
 * A repository of the other store, which claims repositories by this type.
 */
public interface GadgetRepository extends KeyValueRepository<Gadget, String> {

}
