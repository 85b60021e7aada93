package io.github.kvspring.data.listener;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a {@link KvListener} method parameter ({@code int} or {@code Integer}) to the delivery attempt: 1 the first
 * time a group listener's member calls the method with an entry (or a change), 2 on the first retry after the
 * method threw, and so on (see {@link KvListenerErrorHandler#retryBackOff()}). The count is this member's: a
 * change handed over to another member starts again at 1. A listener without a group always sees 1.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface KvDeliveryAttempt {

}
