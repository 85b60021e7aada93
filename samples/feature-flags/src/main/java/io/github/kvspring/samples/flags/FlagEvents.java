package io.github.kvspring.samples.flags;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.kvspring.data.core.KvEntry;
import io.github.kvspring.data.listener.KvListener;
import org.jspecify.annotations.Nullable;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Feeds every change of the flags and overrides buckets, as it happens, to the pages listening on
 * {@code /api/events} (Server-Sent Events).
 */
@Component
class FlagEvents {

	private final List<SseEmitter> emitters = new CopyOnWriteArrayList<>();

	SseEmitter subscribe() {
		SseEmitter emitter = new SseEmitter(0L);
		emitter.onCompletion(() -> this.emitters.remove(emitter));
		emitter.onTimeout(() -> this.emitters.remove(emitter));
		emitter.onError((ex) -> this.emitters.remove(emitter));
		this.emitters.add(emitter);
		try {
			// Sending at once commits the response, so the page knows it is live.
			emitter.send(SseEmitter.event().comment("connected"));
		}
		catch (IOException ex) {
			this.emitters.remove(emitter);
		}
		return emitter;
	}

	/**
	 * Ends every open stream when the application shuts down, before the web server's graceful shutdown: a page
	 * that went away unnoticed (nothing was sent to it since) would otherwise hold that shutdown for its whole
	 * timeout, as an active request.
	 */
	@EventListener(ContextClosedEvent.class)
	void closeStreams() {
		this.emitters.forEach(SseEmitter::complete);
		this.emitters.clear();
	}

	@KvListener(id = "flag-changes", entity = Flag.class, start = KvListener.Start.UPDATES_ONLY)
	void onFlag(KvEntry<Flag> entry) {
		publish("flag", entry, entry.value());
	}

	@KvListener(id = "override-changes", entity = FlagOverride.class, start = KvListener.Start.UPDATES_ONLY)
	void onOverride(KvEntry<FlagOverride> entry) {
		publish("override", entry, entry.value());
	}

	private void publish(String kind, KvEntry<?> entry, @Nullable Object value) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("kind", kind);
		event.put("key", entry.key());
		event.put("operation", entry.operation().name());
		event.put("revision", entry.revision());
		if (value != null) {
			event.put("value", value);
		}
		for (SseEmitter emitter : this.emitters) {
			try {
				emitter.send(SseEmitter.event().name("change").data(event));
			}
			catch (IOException | IllegalStateException ex) {
				this.emitters.remove(emitter);
			}
		}
	}

}
