package io.github.kvspring.samples.flags;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvEntry;
import io.github.kvspring.data.entity.KvEntityTemplate;
import io.github.kvspring.data.entity.KvStoredEntity;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The flag API: create (409 if the flag exists), edit at a version (409 when stale), releases that switch a set
 * of flags together, delete, purge, history, listing by key pattern, temporary overrides, evaluation for a user
 * (cached), and the live event stream.
 */
@RestController
@RequestMapping("/api")
class FlagController {

	private final FlagRepository flags;

	private final FlagOverrideRepository overrides;

	private final KeyValueTemplate template;

	private final KvEntityTemplate entities;

	private final FlagEvents events;

	private final FlagReleases releases;

	private final FlagEvaluations evaluations;

	FlagController(FlagRepository flags, FlagOverrideRepository overrides, KeyValueTemplate template,
			KvEntityTemplate entities, FlagEvents events, FlagReleases releases, FlagEvaluations evaluations) {
		this.releases = releases;
		this.evaluations = evaluations;
		this.flags = flags;
		this.overrides = overrides;
		this.template = template;
		this.entities = entities;
		this.events = events;
	}

	record FlagRequest(String group, String name, String description, boolean enabled, int rollout) {
	}

	record FlagEdit(String description, boolean enabled, int rollout, long version) {
	}

	record OverrideRequest(boolean enabled, long ttlSeconds) {
	}

	record HistoryEntry(long revision, String operation, @Nullable Flag flag) {
	}

	/**
	 * Every flag, or those whose key matches the pattern ({@code checkout.*}, {@code *.new-ui}, {@code >}).
	 */
	@GetMapping("/flags")
	List<Flag> list(@RequestParam(defaultValue = "*.*") String match) {
		try (Stream<KvEntry<byte[]>> entries = this.template.streamEntries("flags", byte[].class, "flag." + match)) {
			return entries.map((entry) -> this.entities.read(Flag.class, entry)).map(KvStoredEntity::entity)
				.sorted((a, b) -> a.id().toString().compareTo(b.id().toString()))
				.toList();
		}
	}

	/**
	 * Switches a set of flags together: all of them or, if one is missing or changed meanwhile, none (409).
	 */
	@PostMapping("/releases")
	List<Flag> release(@RequestBody List<FlagReleases.Switch> switches) {
		return this.releases.release(switches);
	}

	@GetMapping("/flags/{group}/{name}")
	ResponseEntity<Flag> get(@PathVariable String group, @PathVariable String name) {
		return ResponseEntity.of(this.flags.findById(new FlagKey(group, name)));
	}

	/**
	 * Whether the flag is on for a user, cached (see {@link FlagEvaluations}).
	 */
	@GetMapping("/flags/{group}/{name}/evaluation")
	FlagEvaluations.Evaluation evaluate(@PathVariable String group, @PathVariable String name,
			@RequestParam String user) {
		return this.evaluations.evaluate(group, name, user);
	}

	@PostMapping("/flags")
	@ResponseStatus(HttpStatus.CREATED)
	Flag create(@RequestBody FlagRequest request) {
		return this.flags.save(new Flag(new FlagKey(request.group(), request.name()), request.description(),
				request.enabled(), request.rollout(), 0, null));
	}

	@PutMapping("/flags/{group}/{name}")
	ResponseEntity<Flag> edit(@PathVariable String group, @PathVariable String name, @RequestBody FlagEdit edit) {
		return this.flags.findById(new FlagKey(group, name))
			.map((current) -> ResponseEntity.ok(this.flags
				.save(current.withChanges(edit.description(), edit.enabled(), edit.rollout(), edit.version()))))
			.orElse(ResponseEntity.notFound().build());
	}

	@DeleteMapping("/flags/{group}/{name}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable String group, @PathVariable String name) {
		this.flags.deleteById(new FlagKey(group, name));
	}

	@PostMapping("/flags/{group}/{name}/purge")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void purge(@PathVariable String group, @PathVariable String name) {
		this.template.purge("flags", this.entities.key(Flag.class, new FlagKey(group, name)));
	}

	@GetMapping("/flags/{group}/{name}/history")
	List<HistoryEntry> history(@PathVariable String group, @PathVariable String name) {
		return this.template.history("flags", this.entities.key(Flag.class, new FlagKey(group, name)), byte[].class)
			.stream()
			.map((entry) -> new HistoryEntry(entry.revision(), entry.operation().name(),
					entry.operation().isPut() ? this.entities.read(Flag.class, entry).entity() : null))
			.toList();
	}

	@PostMapping("/flags/{group}/{name}/override")
	@ResponseStatus(HttpStatus.CREATED)
	FlagOverride override(@PathVariable String group, @PathVariable String name,
			@RequestBody OverrideRequest request) {
		return this.overrides.save(new FlagOverride(new FlagKey(group, name), request.enabled(),
				Duration.ofSeconds(request.ttlSeconds())));
	}

	@GetMapping("/overrides")
	List<FlagOverride> overrides() {
		return this.overrides.findAll();
	}

	@GetMapping("/events")
	SseEmitter events() {
		return this.events.subscribe();
	}

	/**
	 * The whole picture at once, for the page's first render.
	 */
	@GetMapping("/state")
	Map<String, Object> state() {
		return Map.of("flags", list("*.*"), "overrides", overrides());
	}

}
