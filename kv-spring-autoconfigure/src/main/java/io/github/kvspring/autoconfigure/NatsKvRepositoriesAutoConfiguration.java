package io.github.kvspring.autoconfigure;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.repository.KvRepository;
import io.github.kvspring.data.repository.support.KvRepositoryFactoryBean;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Import;

/**
 * Auto-configures KV repositories in the application's auto-configuration packages, as
 * {@code @EnableKvRepositories} would; off with {@code nats.kv.repositories.enabled=false} or when the
 * application enables them itself.
 */
@AutoConfiguration(after = NatsKvAutoConfiguration.class)
@ConditionalOnClass(KvRepository.class)
@ConditionalOnBean(KeyValueTemplate.class)
@ConditionalOnMissingBean(KvRepositoryFactoryBean.class)
@ConditionalOnBooleanProperty(name = "nats.kv.repositories.enabled", matchIfMissing = true)
@Import(NatsKvRepositoriesRegistrar.class)
public final class NatsKvRepositoriesAutoConfiguration {

}
