package io.github.kvspring.autoconfigure.multistore;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.map.repository.config.EnableMapRepositories;

/**
 * An application with repositories of two Spring Data stores in one package.
 */
@Configuration(proxyBeanMethods = false)
@AutoConfigurationPackage
@EnableMapRepositories
public class TwoStoresApplication {

}
