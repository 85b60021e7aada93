package io.github.kvspring.data.repository.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Import;
import org.springframework.data.repository.config.DefaultRepositoryBaseClass;
import org.springframework.data.repository.query.QueryLookupStrategy;

import io.github.kvspring.data.repository.support.KvRepositoryFactoryBean;

/**
 * Enables KV repositories: interfaces extending {@code KvRepository} (or any Spring Data repository of a
 * {@code @KvEntity}) in the annotated class's package, or the given ones.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Import(KvRepositoriesRegistrar.class)
public @interface EnableKvRepositories {

	/**
	 * Alias for {@link #basePackages()}.
	 * @return the base packages
	 */
	String[] value() default {};

	/**
	 * The packages to scan for repositories.
	 * @return the base packages
	 */
	String[] basePackages() default {};

	/**
	 * Classes whose packages are scanned, a type-safe alternative to {@link #basePackages()}.
	 * @return the base package classes
	 */
	Class<?>[] basePackageClasses() default {};

	/**
	 * Which types qualify as repositories beyond those in the base packages.
	 * @return the include filters
	 */
	Filter[] includeFilters() default {};

	/**
	 * Which types are left out.
	 * @return the exclude filters
	 */
	Filter[] excludeFilters() default {};

	/**
	 * The suffix of custom repository implementation classes.
	 * @return the suffix
	 */
	String repositoryImplementationPostfix() default "Impl";

	/**
	 * The location of named queries (not used: every query is derived).
	 * @return the location
	 */
	String namedQueriesLocation() default "";

	/**
	 * The query lookup strategy (every query is derived).
	 * @return the strategy key
	 */
	QueryLookupStrategy.Key queryLookupStrategy() default QueryLookupStrategy.Key.CREATE_IF_NOT_FOUND;

	/**
	 * The factory bean class of each repository.
	 * @return the factory bean class
	 */
	Class<?> repositoryFactoryBeanClass() default KvRepositoryFactoryBean.class;

	/**
	 * The base class of repository implementations.
	 * @return the base class
	 */
	Class<?> repositoryBaseClass() default DefaultRepositoryBaseClass.class;

	/**
	 * The name of the {@code KeyValueOperations} bean the repositories use; empty for the application's
	 * {@code KeyValueOperations} bean found by type (the primary one where there are several). An application
	 * with several connections names each set of repositories' template.
	 * @return the bean name
	 */
	String keyValueTemplateRef() default "keyValueTemplate";

	/**
	 * The name of the {@code KvEntityTemplate} bean the repositories use (its key codec, JSON mapper and index
	 * settings); empty to use the application's one {@code KvEntityTemplate} bean when it works on the
	 * repositories' {@link #keyValueTemplateRef() template}, else one built on that template.
	 * @return the bean name, or empty
	 */
	String entityTemplateRef() default "";

	/**
	 * The name of the mapping context bean; registered when missing.
	 * @return the bean name
	 */
	String mappingContextRef() default "kvMappingContext";

	/**
	 * Whether nested repository interfaces are picked up.
	 * @return whether to consider nested interfaces
	 */
	boolean considerNestedRepositories() default false;

}
