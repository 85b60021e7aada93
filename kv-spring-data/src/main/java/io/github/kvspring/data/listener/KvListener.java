package io.github.kvspring.data.listener;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method that receives the entries of a KV watch, one at a time, in revision order per key.
 * <p>
 * Parameters are resolved by type and annotation: the value (converted to the parameter's type: an entity of
 * {@link #entity()} or any {@code @KvEntity} type, {@code String}, {@code byte[]}, any JSON-mapped type;
 * {@code null} for delete, purge and expiry markers), the whole {@link io.github.kvspring.data.core.KvEntry},
 * the {@link io.github.kvspring.data.core.KvOperation}, the key ({@link KvKey}), the revision
 * ({@link KvRevision}) and, for an entity listener, the entity's id decoded from the key ({@link KvEntityId}, present
 * for delete, purge and expiry markers too). The method returns nothing. An exception it throws goes to the error
 * handler and the watch carries on.
 * <p>
 * Transactions ({@code executeInTransaction}, {@code @Transactional}) reach the method together: their entries
 * one after the other on one thread, with nothing in between, or — for a method whose one parameter is a
 * {@code List<KvEntry<T>>} — all the entries of a transaction that the listener matches in one call (an entry
 * written on its own comes as a list of one). A transaction is never left half delivered: a stop lets the
 * started one finish, and after a reconnect a transaction partly received is read again whole.
 * <p>
 * Bucket, key patterns and the container factory's name may hold {@code ${...}} placeholders.
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface KvListener {

	/**
	 * The listener's id, to find, start and stop it in the registry; generated when empty.
	 * @return the id
	 */
	String id() default "";

	/**
	 * The bucket to watch; taken from {@link #entity()} when empty.
	 * @return the bucket
	 */
	String bucket() default "";

	/**
	 * Key patterns ({@code *} one token, {@code >} the rest); every key (or every key of {@link #entity()})
	 * when empty.
	 * @return the patterns
	 */
	String[] keys() default {};

	/**
	 * An entity type whose bucket and key prefix the listener watches, and whose values it converts.
	 * @return the entity type, or {@code void.class} for none
	 */
	Class<?> entity() default void.class;

	/**
	 * The name of the {@link KvListenerContainerFactory} bean that creates the listener's container, to watch
	 * through another template (another connection or value converter, for example); may hold a placeholder.
	 * When empty, the application's only (or primary) factory, or without one a factory over its
	 * {@code KeyValueTemplate} bean.
	 * <p>
	 * The factory's template converts the values, and entity values are read by an entity template that goes
	 * with it: the application's {@code KvEntityTemplate} bean for the default factory (or a name that resolves to
	 * that same bean); for any other named factory, an entity template of its own over that factory's template,
	 * with the application's mapping context, key codec and entity callbacks. A name that is not a
	 * {@code KvListenerContainerFactory} bean fails the registration.
	 * @return the container factory's bean name, or empty for the default
	 */
	String containerFactory() default "";

	/**
	 * What the listener receives first.
	 * @return the start
	 */
	Start start() default Start.CURRENT_VALUES;

	/**
	 * Whether delete, purge and expiry markers are left out.
	 * @return whether to ignore deletes
	 */
	boolean ignoreDeletes() default false;

	/**
	 * Whether values are left out (the value parameter receives {@code null}).
	 * @return whether to receive metadata only
	 */
	boolean metaOnly() default false;

	/**
	 * A revision to start from (every entry from it on); 0 to start as {@link #start()} says.
	 * @return the revision
	 */
	long fromRevision() default 0;

	/**
	 * Whether the listener starts with the application context; {@code "true"} or {@code "false"}, or a
	 * placeholder.
	 * @return whether to start automatically
	 */
	String autoStartup() default "true";

	/**
	 * How many threads call the method. Above 1, keys are partitioned across threads, so the order per key is
	 * kept.
	 * @return the concurrency
	 */
	int concurrency() default 1;

	/**
	 * A group this listener is a member of, or empty for a listener of this instance alone; may hold a placeholder.
	 * The members of a group (this method in every instance of the application) share one durable server consumer:
	 * each change is handled by one member, the active one, in revision order, and acknowledged once the method
	 * returns; when the active member stops or dies, another takes over from the first change not acknowledged.
	 * Delivery is at least once: a change whose method had not returned when its member died is handled again.
	 * {@link #start()} and {@link #fromRevision()} say where a new group starts; a group resumes where it stands.
	 * Needs nats-server 2.14 or newer and a {@link #concurrency()} of 1.
	 * @return the group's name (1 to 32 letters, digits, {@code _} or {@code -}), or empty
	 */
	String group() default "";

	/**
	 * What a listener receives before live changes.
	 */
	enum Start {

		/**
		 * The current entry of every matching key, then every change.
		 */
		CURRENT_VALUES,

		/**
		 * Every retained entry of the matching keys, then every change.
		 */
		HISTORY,

		/**
		 * Only changes made after the listener starts.
		 */
		UPDATES_ONLY

	}

}
