package io.github.kvspring.autoconfigure.transaction;

import java.util.Map;

import io.github.kvspring.autoconfigure.NatsKvAutoConfiguration;
import io.github.kvspring.autoconfigure.NatsKvProperties;
import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvTransactionManager;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Auto-configures a {@link KvTransactionManager} for the {@link KeyValueTemplate} when a bucket under
 * {@code nats.kv.buckets} declares {@code atomic-writes: true} (the sign that the application wants transactions,
 * as Spring Kafka's transaction id prefix is), so that {@code @Transactional} methods and
 * {@code TransactionTemplate} commit the template's and the repositories' writes atomically; Boot's
 * {@code spring.transaction.*} properties and {@code TransactionManagerCustomizer} beans apply to it (with Spring
 * Boot's transaction module, which the starter brings, on the class path). An application with
 * another transaction manager names this one: {@code @Transactional("kvTransactionManager")}.
 */
@AutoConfiguration(after = NatsKvAutoConfiguration.class,
		afterName = "org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizationAutoConfiguration",
		beforeName = "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration")
@ConditionalOnClass({ KvTransactionManager.class, PlatformTransactionManager.class,
		TransactionManagerCustomizers.class })
@ConditionalOnSingleCandidate(KeyValueTemplate.class)
@Conditional(NatsKvTransactionAutoConfiguration.OnAtomicWritesBucket.class)
public final class NatsKvTransactionAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(KvTransactionManager.class)
	KvTransactionManager kvTransactionManager(KeyValueTemplate template,
			ObjectProvider<TransactionManagerCustomizers> customizers) {
		KvTransactionManager transactionManager = new KvTransactionManager(template);
		// Boot's spring.transaction.* (rollback on commit failure, default timeout) and the application's
		// TransactionManagerCustomizer beans.
		customizers.ifAvailable((all) -> all.customize(transactionManager));
		return transactionManager;
	}

	/**
	 * Matches when a declared bucket accepts atomic writes.
	 */
	static final class OnAtomicWritesBucket extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			Map<String, NatsKvProperties.Bucket> buckets = Binder.get(context.getEnvironment())
				.bind("nats.kv.buckets", Bindable.mapOf(String.class, NatsKvProperties.Bucket.class))
				.orElse(Map.of());
			return buckets.entrySet()
				.stream()
				.filter((entry) -> entry.getValue().isAtomicWrites())
				.findFirst()
				.map((entry) -> ConditionOutcome
					.match("nats.kv.buckets." + entry.getKey() + ".atomic-writes is true"))
				.orElseGet(() -> ConditionOutcome.noMatch("no bucket under nats.kv.buckets has atomic-writes: true"));
		}

	}

}
