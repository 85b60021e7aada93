package io.github.kvspring.data.listener.adapter;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.kvspring.data.convert.KvValueConverters;
import io.github.kvspring.data.core.KvEntry;
import io.github.kvspring.data.core.KvOperation;
import io.github.kvspring.data.listener.KvDeliveryAttempt;
import io.github.kvspring.data.listener.KvKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The adapter's {@link KvDeliveryAttempt} parameters: checked at registration, bound to the attempt the container
 * passes (1 when it passes none).
 */
class KvListenerMethodAdapterTests {

	private final Listeners listeners = new Listeners();

	@Test
	void whenEntryMethodTakesTheAttemptThenItReceivesTheContainersOrOne() throws Exception {
		KvListenerMethodAdapter adapter = adapter("onEntry", String.class, String.class, int.class);
		adapter.handle(entry("k.a", "x"), 3);
		adapter.handle(entry("k.b", "y"));
		assertThat(adapter.takesWholeChanges()).isFalse();
		assertThat(this.listeners.calls).containsExactly("k.a:x:3", "k.b:y:1");
	}

	@Test
	void whenChangeMethodTakesTheAttemptBesideItThenItTakesChangesWholeWithTheAttempt() throws Exception {
		KvListenerMethodAdapter adapter = adapter("onChange", List.class, Integer.class);
		adapter.handleChange(List.of(entry("k.a", "x"), entry("k.b", "y")), 2);
		adapter.handle(entry("k.c", "z"));
		assertThat(adapter.takesWholeChanges()).isTrue();
		assertThat(this.listeners.calls).containsExactly("[x, y]:2", "[z]:1");
	}

	@Test
	void whenAttemptParameterIsNotAnIntThenRegistrationFailsNamingIt() {
		assertThatIllegalStateException().isThrownBy(() -> adapter("wrongType", String.class, long.class))
			.withMessage("@KvListener method Listeners.wrongType: parameter 'attempt': @KvDeliveryAttempt needs an int");
	}

	@Test
	void whenChangeMethodTakesAnythingElseBesideTheAttemptThenRegistrationFails() {
		assertThatIllegalStateException()
			.isThrownBy(() -> adapter("tooMany", List.class, int.class, String.class))
			.withMessageEndingWith("a method taking changes whole has one parameter, a List<KvEntry<T>>, "
					+ "and at most a @KvDeliveryAttempt one besides");
	}

	private KvListenerMethodAdapter adapter(String name, Class<?>... types) throws NoSuchMethodException {
		Method method = Listeners.class.getDeclaredMethod(name, types);
		return new KvListenerMethodAdapter(this.listeners, method, KvValueConverters.defaults(), null, null);
	}

	private static KvEntry<byte[]> entry(String key, String value) {
		return new KvEntry<>("orders", key, value.getBytes(StandardCharsets.UTF_8), 1, Instant.now(), 0,
				KvOperation.PUT);
	}

	static class Listeners {

		final List<String> calls = new CopyOnWriteArrayList<>();

		void onEntry(@KvKey String key, String value, @KvDeliveryAttempt int attempt) {
			this.calls.add(key + ":" + value + ":" + attempt);
		}

		void onChange(List<KvEntry<String>> change, @KvDeliveryAttempt Integer attempt) {
			this.calls.add(change.stream().map(KvEntry::value).toList() + ":" + attempt);
		}

		void wrongType(String value, @KvDeliveryAttempt long attempt) {
		}

		void tooMany(List<KvEntry<String>> change, @KvDeliveryAttempt int attempt, @KvKey String key) {
		}

	}

}
