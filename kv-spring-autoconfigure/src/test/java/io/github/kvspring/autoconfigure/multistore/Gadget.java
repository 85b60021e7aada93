package io.github.kvspring.autoconfigure.multistore;

import org.springframework.data.annotation.Id;
import org.springframework.data.keyvalue.annotation.KeySpace;

/**
 * An entity of another Spring Data store (Spring Data KeyValue's in-memory map).
 *
 * @param id the id
 * @param name the name
 */
@KeySpace("gadgets")
public record Gadget(@Id String id, String name) {

}
