package io.github.kvspring.autoconfigure.twoconnections;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.kvspring.autoconfigure.twoconnections.audit.AuditEvent;
import io.github.kvspring.autoconfigure.twoconnections.audit.AuditRepository;
import io.github.kvspring.autoconfigure.twoconnections.orders.OrderRepository;
import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.listener.KvListener;
import io.github.kvspring.data.listener.KvListenerContainerFactory;
import io.github.kvspring.data.repository.config.EnableKvRepositories;
import io.github.kvspring.test.NatsServerExtension;
import io.nats.client.Connection;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * An application on two connections: the auto-configured one (orders) and its own second one (audit), each with
 * its repositories and the second with its listener container factory. The second connection's beans are not
 * default candidates, so the auto-configured ones stay and injection by type keeps meaning the primary.
 */
@Configuration(proxyBeanMethods = false)
@Import({ TwoConnectionsApplication.OrderRepositories.class, TwoConnectionsApplication.AuditRepositories.class })
public class TwoConnectionsApplication {

	@Bean(defaultCandidate = false)
	Connection auditConnection(Environment environment) {
		return NatsServerExtension.connect(List.of(environment.getRequiredProperty("audit.nats.servers")));
	}

	@Bean(defaultCandidate = false)
	KeyValueTemplate auditTemplate(@Qualifier("auditConnection") Connection connection) {
		return new KeyValueTemplate(connection);
	}

	@Bean(defaultCandidate = false)
	KvListenerContainerFactory auditListenerFactory(@Qualifier("auditTemplate") KeyValueTemplate template) {
		return new KvListenerContainerFactory(template);
	}

	@Bean
	AuditListener auditListener() {
		return new AuditListener();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableKvRepositories(basePackageClasses = OrderRepository.class)
	static class OrderRepositories {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableKvRepositories(basePackageClasses = AuditRepository.class, keyValueTemplateRef = "auditTemplate")
	static class AuditRepositories {

	}

	/**
	 * Receives the audit bucket's changes through the second connection.
	 */
	public static class AuditListener {

		/** What arrived. */
		public final List<String> received = new CopyOnWriteArrayList<>();

		@KvListener(id = "audit", entity = AuditEvent.class, containerFactory = "auditListenerFactory")
		void onEvent(@Nullable AuditEvent event) {
			this.received.add((event != null) ? event.action() : "deleted");
		}

	}

}
