package io.github.kvspring.autoconfigure;

import java.time.Duration;

import io.github.kvspring.autoconfigure.app.Account;
import io.github.kvspring.autoconfigure.app.AccountApplication;
import io.github.kvspring.autoconfigure.app.AccountListener;
import io.github.kvspring.autoconfigure.app.AccountRepository;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.server.NatsServer;
import io.github.kvspring.test.UniqueNames;
import io.github.kvspring.test.WithNatsServer;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.AnnotationConfigUtils;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.test.tools.TestCompiler;
import org.springframework.core.test.tools.CompileWithForkedClassLoader;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application with repositories and listeners, processed ahead of time as {@code process-aot} does, then run
 * from the generated code (as with {@code spring.aot.enabled=true}): it works, its listener methods have their
 * runtime hints, and the buckets come from the properties at run time, not those at build time.
 */
@WithNatsServer
@CompileWithForkedClassLoader
class NatsKvAotIntegrationTests {

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ NatsAutoConfiguration.class, NatsKvAutoConfiguration.class,
			NatsKvRepositoriesAutoConfiguration.class })
	@Import(AccountApplication.class)
	static class AotApplication {

	}

	@Test
	@SuppressWarnings("unchecked")
	void whenProcessedAheadOfTimeThenItRunsFromGeneratedCode(NatsServer server) {
		String buildTimeBucket = UniqueNames.bucket("build-time");
		String runTimeBucket = UniqueNames.bucket("run-time");
		GenericApplicationContext buildTime = new GenericApplicationContext();
		TestPropertyValues.of("nats.servers=" + server.url(), "nats.kv.buckets.accounts.history=3",
				"nats.kv.buckets." + buildTimeBucket + ".history=1").applyTo(buildTime);
		AnnotationConfigUtils.registerAnnotationConfigProcessors(buildTime);
		buildTime.registerBean(AotApplication.class);
		TestGenerationContext generationContext = new TestGenerationContext(AotApplication.class);
		ClassName initializerName = new ApplicationContextAotGenerator().processAheadOfTime(buildTime,
				generationContext);
		generationContext.writeGeneratedContent();

		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(AccountListener.class, "onAccount"))
			.accepts(generationContext.getRuntimeHints());
		assertThat(RuntimeHintsPredicates.reflection().onType(Account.class)).accepts(generationContext.getRuntimeHints());

		TestCompiler.forSystem().with(generationContext).compile((compiled) -> {
			GenericApplicationContext runTime = new GenericApplicationContext();
			TestPropertyValues.of("nats.servers=" + server.url(), "nats.kv.buckets.accounts.history=3",
					"nats.kv.buckets." + runTimeBucket + ".history=2").applyTo(runTime);
			ApplicationContextInitializer<GenericApplicationContext> initializer = compiled
				.getInstance(ApplicationContextInitializer.class, initializerName.toString());
			initializer.initialize(runTime);
			runTime.refresh();
			try {
				KvBucketAdmin admin = runTime.getBean(KvBucketAdmin.class);
				assertThat(admin.info(runTimeBucket)).as("bucket declared at run time").isNotNull();
				assertThat(admin.info(buildTimeBucket)).as("bucket declared only at build time").isNull();
				AccountRepository accounts = runTime.getBean(AccountRepository.class);
				accounts.deleteAll();
				Account saved = accounts.save(new Account("aot", "ada", 7, 0));
				assertThat(accounts.findByOwner("ada")).containsExactly(saved);
				AccountListener listener = runTime.getBean(AccountListener.class);
				await().atMost(Duration.ofSeconds(5)).until(() -> listener.received.contains("aot=7"));
			}
			finally {
				runTime.close();
			}
		});
	}

}
