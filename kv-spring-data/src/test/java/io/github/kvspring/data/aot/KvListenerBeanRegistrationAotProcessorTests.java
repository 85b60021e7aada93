package io.github.kvspring.data.aot;

import io.github.kvspring.data.listener.KvEntityId;
import io.github.kvspring.data.listener.KvListener;
import io.github.kvspring.data.mapping.KvEntity;
import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationCode;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.data.annotation.Id;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hints {@link KvListenerBeanRegistrationAotProcessor} registers for {@code @KvListener} methods.
 */
class KvListenerBeanRegistrationAotProcessorTests {

	@Test
	void whenEntityIdParameterThenMethodAndEntityBoundButIdTypeLeftToTheKeyCodec() throws Exception {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerBeanDefinition("listeners", new RootBeanDefinition(Listeners.class));
		BeanRegistrationAotContribution contribution = new KvListenerBeanRegistrationAotProcessor()
			.processAheadOfTime(RegisteredBean.of(beanFactory, "listeners"));
		assertThat(contribution).isNotNull();
		DefaultGenerationContext generationContext = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get(KvListenerBeanRegistrationAotProcessorTests.class)),
				new InMemoryGeneratedFiles());
		contribution.applyTo(generationContext, (BeanRegistrationCode) null);
		RuntimeHints hints = generationContext.getRuntimeHints();
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(Listeners.class.getDeclaredMethod("on", CharSequence.class, Ticket.class))).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Ticket.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(CharSequence.class)).rejects(hints);
	}

	@KvEntity(bucket = "tickets")
	record Ticket(@Id String id, String title) {
	}

	static class Listeners {

		@KvListener(entity = Ticket.class)
		void on(@KvEntityId CharSequence id, Ticket ticket) {
		}

	}

}
