package io.github.kvspring.data.listener;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a {@link KvListener} method parameter to the id of the entity whose key the entry is, decoded from the
 * key with the entity template's key codec. It is present for deletes, purges and expiries too, which carry no
 * value.
 * <p>
 * The listener needs an entity type: {@link KvListener#entity()}, or a value parameter (or {@code KvEntry}
 * type argument) of a {@code @KvEntity} type. The parameter's type must be assignable from that entity's id
 * type. Both are checked when the listener is registered.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface KvEntityId {

}
