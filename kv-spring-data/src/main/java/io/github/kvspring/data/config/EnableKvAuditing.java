package io.github.kvspring.data.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/**
 * Turns on auditing of KV entities: {@code @CreatedDate}, {@code @CreatedBy}, {@code @LastModifiedDate} and
 * {@code @LastModifiedBy} are set on save.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Import(KvAuditingRegistrar.class)
public @interface EnableKvAuditing {

	/**
	 * The name of the {@code AuditorAware} bean that supplies the current auditor.
	 * @return the bean name, or empty to look one up by type
	 */
	String auditorAwareRef() default "";

	/**
	 * Whether creating an entity also sets its last-modified properties.
	 * @return whether to mark new entities as modified
	 */
	boolean setDates() default true;

	/**
	 * Whether creating an entity also sets its last-modified properties.
	 * @return whether to mark new entities as modified
	 */
	boolean modifyOnCreate() default true;

	/**
	 * The name of the {@code DateTimeProvider} bean that supplies the current time.
	 * @return the bean name, or empty for the system clock
	 */
	String dateTimeProviderRef() default "";

}
