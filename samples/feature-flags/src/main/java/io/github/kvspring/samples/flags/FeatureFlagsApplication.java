package io.github.kvspring.samples.flags;

import io.github.kvspring.data.config.EnableKvAuditing;

import org.apache.commons.logging.LogFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;

/**
 * The feature-flag service. Run it with {@code mvn spring-boot:run}: without {@code nats.servers} the
 * development server module starts a local JetStream server for it.
 */
@SpringBootApplication
@EnableKvAuditing
@EnableCaching
public class FeatureFlagsApplication {

	public static void main(String[] args) {
		SpringApplication.run(FeatureFlagsApplication.class, args);
	}

	@Bean
	ApplicationListener<WebServerInitializedEvent> announceUrl() {
		return (event) -> LogFactory.getLog(FeatureFlagsApplication.class)
			.info("Feature flags are at http://localhost:" + event.getWebServer().getPort() + "/");
	}

}
