package io.github.kvspring.data.aot;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Map;

import io.github.kvspring.data.core.KvEntry;
import io.github.kvspring.data.core.KvOperation;
import io.github.kvspring.data.listener.KvEntityId;
import io.github.kvspring.data.listener.KvListener;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Registers, for every bean with {@link KvListener} methods, the hints those methods need when the application
 * runs ahead-of-time processed (and in a native image): each method is invoked reflectively, and the types its
 * values are converted to are bound by Jackson.
 */
class KvListenerBeanRegistrationAotProcessor implements BeanRegistrationAotProcessor {

	private final BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();

	@Override
	public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
		Class<?> type = registeredBean.getBeanClass();
		Map<Method, KvListener> methods = MethodIntrospector.selectMethods(type,
				(MethodIntrospector.MetadataLookup<KvListener>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, KvListener.class));
		if (methods.isEmpty()) {
			return null;
		}
		return (generationContext, code) -> {
			RuntimeHints hints = generationContext.getRuntimeHints();
			methods.forEach((method, annotation) -> register(hints, method, annotation));
		};
	}

	private void register(RuntimeHints hints, Method method, KvListener annotation) {
		hints.reflection().registerMethod(method, ExecutableMode.INVOKE);
		if (annotation.entity() != void.class) {
			this.bindings.registerReflectionHints(hints.reflection(), annotation.entity());
		}
		Parameter[] parameters = method.getParameters();
		for (int i = 0; i < parameters.length; i++) {
			if (parameters[i].isAnnotationPresent(KvEntityId.class)) {
				continue; // decoded from the key by the key codec, not bound by Jackson
			}
			Class<?> type = parameters[i].getType();
			if (type == KvEntry.class) {
				type = ResolvableType.forMethodParameter(method, i).getGeneric(0).toClass();
			}
			if (type != String.class && type != byte[].class && type != KvOperation.class && !type.isPrimitive()
					&& type != Long.class && type != Object.class) {
				this.bindings.registerReflectionHints(hints.reflection(), type);
			}
		}
	}

}
