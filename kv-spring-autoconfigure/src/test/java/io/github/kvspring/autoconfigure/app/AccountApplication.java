package io.github.kvspring.autoconfigure.app;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A minimal application: an entity, its repository and a listener, found through the auto-configuration
 * package as in a Boot application.
 */
@Configuration(proxyBeanMethods = false)
@AutoConfigurationPackage
public class AccountApplication {

	@Bean
	AccountListener accountListener() {
		return new AccountListener();
	}

}
