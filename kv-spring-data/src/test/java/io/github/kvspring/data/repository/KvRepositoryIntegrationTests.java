package io.github.kvspring.data.repository;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvEntry;
import io.github.kvspring.data.core.KvOperation;
import io.github.kvspring.data.core.KvSubscription;
import io.github.kvspring.data.core.KvWatchOptions;
import io.github.kvspring.data.entity.KvSaveAllException;
import io.github.kvspring.test.Concurrently;
import io.github.kvspring.test.WithNatsServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Sort;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Repositories of classes and records against a real server: CRUD, optimistic locking through the revision,
 * derived queries with paging and sorting, batch saves, TTL, auditing and callbacks.
 */
@WithNatsServer
@SpringJUnitConfig(RepositoryTestConfiguration.class)
class KvRepositoryIntegrationTests {

	@Autowired
	PersonRepository people;

	@Autowired
	FlagRepository flags;

	@Autowired
	CounterRepository counters;

	@Autowired
	InvoiceRepository invoices;

	@Autowired
	SessionRepository sessions;

	@Autowired
	KeyValueTemplate template;

	@Autowired
	List<String> savedKeys;

	@BeforeEach
	void clean() {
		this.people.deleteAll();
		this.flags.deleteAll();
		this.counters.deleteAll();
		this.invoices.deleteAll();
		this.sessions.deleteAll();
	}

	private Person person(String id, String name, int age, boolean active) {
		Person person = new Person(name, age, active);
		person.setId(id);
		return person;
	}

	// ---- scans under concurrent writes

	@Test
	void whenEntitiesAreSavedDuringQueriesThenEachQuerySeesEveryEntityOnce() throws Exception {
		List<Person> saved = this.people.saveAll(IntStream.range(0, 500)
			.mapToObj((i) -> person("p" + i, "n" + i, i, true))
			.toList());
		AtomicBoolean stop = new AtomicBoolean();
		ExecutorService executor = Executors.newSingleThreadExecutor();
		Future<?> writes = executor.submit(() -> {
			for (int i = 0; !stop.get(); i++) {
				Person rewritten = saved.get(i % 100);
				rewritten.setName("rewrite " + i);
				this.people.save(rewritten);
			}
		});
		try {
			for (int round = 0; round < 10; round++) {
				assertThat(this.people.findAll()).extracting(Person::getId).hasSize(500).doesNotHaveDuplicates();
				assertThat(this.people.findByAgeGreaterThanEqual(0)).extracting(Person::getId)
					.hasSize(500)
					.doesNotHaveDuplicates();
				assertThat(this.people.count()).isEqualTo(500);
				try (Stream<Person> active = this.people.streamByActiveTrue()) {
					assertThat(active.map(Person::getId).toList()).hasSize(500).doesNotHaveDuplicates();
				}
			}
		}
		finally {
			stop.set(true);
			executor.shutdown();
		}
		writes.get(30, TimeUnit.SECONDS);
	}

	// ---- CRUD and identity

	@Test
	void whenSavedThenFoundByIdWithItsRevisionAsVersion() {
		Person saved = this.people.save(person("ada", "Ada", 36, true));
		assertThat(saved.getVersion()).isPositive();
		Person found = this.people.findById("ada").orElseThrow();
		assertThat(found.getName()).isEqualTo("Ada");
		assertThat(found.getVersion()).isEqualTo(saved.getVersion());
		assertThat(this.template.keys("repo-people")).containsExactly("person.ada");
		assertThat(this.people.existsById("ada")).isTrue();
		assertThat(this.people.existsById("nobody")).isFalse();
		assertThat(this.people.count()).isEqualTo(1);
	}

	@Test
	void whenIdIsNullThenUuidGenerated() {
		Person saved = this.people.save(new Person("Anon", 20, true));
		assertThat(saved.getId()).matches("[0-9a-f-]{36}");
		assertThat(this.people.findById(saved.getId())).isPresent();
	}

	@Test
	void whenIdIsNoKeyTokenThenEncodedReversibly() {
		this.people.save(person("bob@example.com", "Bob", 40, true));
		this.people.save(person("a b:c/d", "Odd", 41, true));
		assertThat(this.template.keys("repo-people")).containsExactlyInAnyOrder("person.bob=40example=2Ecom",
				"person.a=20b=3Ac/d");
		assertThat(this.people.findById("bob@example.com").orElseThrow().getId()).isEqualTo("bob@example.com");
		assertThat(this.people.findAll()).extracting(Person::getId).containsExactlyInAnyOrder("bob@example.com",
				"a b:c/d");
	}

	@Test
	void whenRecordSavedThenCopyCarriesTheRevision() {
		Flag saved = this.flags.save(new Flag("dark-mode", false, "web", 0));
		assertThat(saved.version()).isPositive();
		Flag updated = this.flags.save(saved.withEnabled(true));
		assertThat(updated.version()).isGreaterThan(saved.version());
		assertThat(this.flags.findById("dark-mode").orElseThrow()).isEqualTo(updated);
		assertThat(this.flags.findByOwner("web")).containsExactly(updated);
	}

	@Test
	void whenCompositeIdThenOneTokenPerComponent() {
		this.invoices.save(new Invoice(new Invoice.InvoiceId("acme", 42), 1000));
		this.invoices.save(new Invoice(new Invoice.InvoiceId("acme", 43), 50));
		assertThat(this.template.keys("repo-invoices")).containsExactlyInAnyOrder("invoice.acme.42", "invoice.acme.43");
		assertThat(this.invoices.findById(new Invoice.InvoiceId("acme", 42))).hasValueSatisfying(
				(invoice) -> assertThat(invoice.cents()).isEqualTo(1000));
		assertThat(this.invoices.findByCentsGreaterThan(100)).extracting(Invoice::cents).containsExactly(1000L);
		assertThat(this.invoices.count()).isEqualTo(2);
	}

	@Test
	void whenFindAllByIdThenFoundOnesInOrder() {
		this.people.saveAll(List.of(person("a", "A", 1, true), person("b", "B", 2, true), person("c", "C", 3, true)));
		assertThat(this.people.findAllById(List.of("c", "missing", "a"))).extracting(Person::getId)
			.containsExactly("c", "a");
	}

	// ---- optimistic locking

	@Test
	void whenTwoCreatesOfOneIdThenOneWins() {
		this.flags.save(new Flag("beta", true, "first", 0));
		assertThatExceptionOfType(DuplicateKeyException.class)
			.isThrownBy(() -> this.flags.save(new Flag("beta", false, "second", 0)));
		assertThat(this.flags.findById("beta").orElseThrow().owner()).isEqualTo("first");
	}

	@Test
	void whenUpdatingAStaleCopyThenRejected() {
		this.people.save(person("cy", "Cy", 30, true));
		Person first = this.people.findById("cy").orElseThrow();
		Person second = this.people.findById("cy").orElseThrow();
		first.setAge(31);
		this.people.save(first);
		second.setAge(99);
		assertThatExceptionOfType(OptimisticLockingFailureException.class).isThrownBy(() -> this.people.save(second));
		assertThat(this.people.findById("cy").orElseThrow().getAge()).isEqualTo(31);
	}

	@Test
	void whenDeletingAStaleCopyThenRejected() {
		Person saved = this.people.save(person("di", "Di", 30, true));
		Person stale = this.people.findById("di").orElseThrow();
		saved.setAge(31);
		this.people.save(saved);
		assertThatExceptionOfType(OptimisticLockingFailureException.class).isThrownBy(() -> this.people.delete(stale));
		assertThat(this.people.existsById("di")).isTrue();
		this.people.delete(this.people.findById("di").orElseThrow());
		assertThat(this.people.existsById("di")).isFalse();
	}

	@Test
	void whenEightThreadsReadIncrementSaveThenNoIncrementIsLost() throws Exception {
		this.counters.save(new Counter("hits", 0, null));
		Concurrently.run(8, 200, () -> {
			while (true) {
				Counter current = this.counters.findById("hits").orElseThrow();
				try {
					this.counters.save(new Counter("hits", current.count() + 1, current.version()));
					return;
				}
				catch (OptimisticLockingFailureException ex) {
					// Someone else saved first: read again and retry.
				}
			}
		});
		assertThat(this.counters.findById("hits").orElseThrow().count()).isEqualTo(1_600);
	}

	// ---- batches and scans

	@Test
	void whenSavingTenThousandWithSomeConflictsThenExactlyThoseReported() {
		List<Flag> existing = List.of(new Flag("f-17", true, "old", 0), new Flag("f-4242", true, "old", 0),
				new Flag("f-9999", true, "old", 0));
		this.flags.saveAll(existing);
		List<Flag> batch = IntStream.range(0, 10_000).mapToObj((i) -> new Flag("f-" + i, false, "new", 0)).toList();

		KvSaveAllException failure = org.assertj.core.api.Assertions.catchThrowableOfType(KvSaveAllException.class,
				() -> this.flags.saveAll(batch));

		assertThat(failure).isNotNull();
		assertThat(failure.getFailedEntities().keySet()).extracting((flag) -> ((Flag) flag).name())
			.containsExactlyInAnyOrder("f-17", "f-4242", "f-9999");
		assertThat(failure.getFailedEntities().values())
			.allSatisfy((result) -> assertThat(result.failure()).isInstanceOf(DuplicateKeyException.class));
		assertThat(failure.getSavedEntities()).hasSize(9_997)
			.allSatisfy((flag) -> assertThat(((Flag) flag).version()).isPositive());
		assertThat(failure.getMessage()).startsWith("3 of 10000 entities saved to bucket 'repo-flags' failed");
		assertThat(this.flags.findById("f-17").orElseThrow().owner()).isEqualTo("old");
		assertThat(this.flags.count()).isEqualTo(10_000);
	}

	@Test
	void whenTenThousandSavedThenFindAllReadsThemAll() {
		List<Flag> saved = this.flags.saveAll(IntStream.range(0, 10_000)
			.mapToObj((i) -> new Flag("all-" + i, i % 2 == 0, "bulk", 0)).toList());
		assertThat(saved).allSatisfy((flag) -> assertThat(flag.version()).isPositive());
		List<Flag> all = this.flags.findAll();
		assertThat(all).hasSize(10_000);
		assertThat(all).extracting(Flag::name).doesNotHaveDuplicates();
	}

	@Test
	void whenDeleteAllThenWatchersSeeEveryEntityPurged() {
		this.people.saveAll(List.of(person("p1", "P", 1, true), person("p2", "Q", 2, true)));
		List<KvEntry<byte[]>> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
		try (KvSubscription watch = this.template.watchAll("repo-people", byte[].class,
				KvWatchOptions.defaults().withUpdatesOnly(), seen::add)) {
			this.people.deleteAll();
			await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 2);
		}
		assertThat(seen).extracting(KvEntry::operation).containsOnly(KvOperation.PURGE);
		assertThat(this.people.count()).isZero();
	}

	// ---- derived queries

	private void savePeople() {
		Person ada = person("ada", "Ada", 36, true);
		ada.setEmail("ada@example.com");
		ada.setAddress(new Person.Address("London", "Baker St"));
		ada.setTags(List.of("math", "engines"));
		Person bob = person("bob", "Bob", 25, true);
		bob.setAddress(new Person.Address("Paris", "Rue"));
		Person cyd = person("cyd", "Cyd", 52, false);
		cyd.setEmail("CYD@Example.com");
		cyd.setTags(List.of("music"));
		Person dan = person("dan", "dan", 17, true);
		Person eve = person("eve", "Eve", 44, true);
		this.people.saveAll(List.of(ada, bob, cyd, dan, eve));
	}

	@Test
	void whenDerivedQueriesThenEachKeywordEvaluated() {
		savePeople();
		assertThat(ids(this.people.findByName("Ada"))).containsExactly("ada");
		assertThat(ids(this.people.findByNameNot("Ada"))).containsExactly("bob", "cyd", "dan", "eve");
		assertThat(ids(this.people.findByAgeGreaterThanAndActiveTrue(30))).containsExactly("ada", "eve");
		assertThat(ids(this.people.findByAgeGreaterThanEqual(44))).containsExactly("cyd", "eve");
		assertThat(ids(this.people.findByAgeLessThanEqual(25L))).containsExactly("bob", "dan");
		assertThat(ids(this.people.findByNameIgnoreCase("DAN"))).containsExactly("dan");
		assertThat(ids(this.people.findByAgeBetween(25, 44))).containsExactly("ada", "bob", "eve");
		assertThat(ids(this.people.findByNameIn(List.of("Bob", "Eve", "Zed")))).containsExactly("bob", "eve");
		assertThat(ids(this.people.findByNameNotIn(List.of("Bob", "Eve")))).containsExactly("ada", "cyd", "dan");
		assertThat(ids(this.people.findByNameLike("%d%"))).containsExactly("ada", "cyd", "dan");
		assertThat(ids(this.people.findByNameStartingWith("E"))).containsExactly("eve");
		assertThat(ids(this.people.findByNameEndingWith("b"))).containsExactly("bob");
		assertThat(ids(this.people.findByNameContaining("y"))).containsExactly("cyd");
		assertThat(ids(this.people.findByEmailIsNull())).containsExactly("bob", "dan", "eve");
		assertThat(ids(this.people.findByEmailIsNotNull())).containsExactly("ada", "cyd");
		assertThat(ids(this.people.findByAddressCity("Paris"))).containsExactly("bob");
		assertThat(ids(this.people.findByTagsContaining("music"))).containsExactly("cyd");
		assertThat(ids(this.people.findByTagsIsEmpty())).containsExactly("bob", "dan", "eve");
		assertThat(ids(this.people.findByActiveFalseOrAgeLessThan(18))).containsExactly("cyd", "dan");
		assertThat(this.people.findByEmail("cyd@example.com")).as("stored lower-cased by a callback").isPresent();
		assertThat(this.people.findByEmail("nobody@example.com")).isEmpty();
		assertThat(this.people.countByActiveTrue()).isEqualTo(4);
		assertThat(this.people.existsByEmail("ada@example.com")).isTrue();
		assertThat(this.people.existsByEmail("zed@example.com")).isFalse();
	}

	@Test
	void whenSortedLimitedOrPagedThenOrderIsDeterministic() {
		savePeople();
		assertThat(this.people.findFirstByOrderByAgeDesc().getId()).isEqualTo("cyd");
		assertThat(ordered(this.people.findTop2ByActiveTrueOrderByAgeAsc())).containsExactly("dan", "bob");
		assertThat(ordered(this.people.findByActiveTrueOrderByNameDesc())).containsExactly("dan", "eve", "bob", "ada");
		assertThat(ordered(this.people.findByActiveTrue(Sort.by("age")))).containsExactly("dan", "bob", "ada", "eve");
		assertThat(ordered(this.people.findByActiveTrue(Limit.of(3)))).containsExactly("ada", "bob", "dan");

		Page<Person> page = this.people.findByActiveTrue(PageRequest.of(1, 3));
		assertThat(page.getTotalElements()).isEqualTo(4);
		assertThat(page.getTotalPages()).isEqualTo(2);
		assertThat(ordered(page.getContent())).as("unsorted pages follow key order").containsExactly("eve");

		Slice<Person> slice = this.people.findSliceByActiveTrue(PageRequest.of(0, 2, Sort.by("age").descending()));
		assertThat(ordered(slice.getContent())).containsExactly("eve", "ada");
		assertThat(slice.hasNext()).isTrue();

		Page<Person> all = this.people.findAll(PageRequest.of(0, 2, Sort.by("name")));
		assertThat(ordered(all.getContent())).containsExactly("ada", "bob");
		assertThat(all.getTotalElements()).isEqualTo(5);
		assertThat(ordered(this.people.findAll(Sort.by(Sort.Order.asc("name").ignoreCase()))))
			.containsExactly("ada", "bob", "cyd", "dan", "eve");
	}

	@Test
	void whenStreamQueryThenReadLazily() {
		savePeople();
		try (Stream<Person> active = this.people.streamByActiveTrue()) {
			assertThat(active.map(Person::getId)).containsExactlyInAnyOrder("ada", "bob", "dan", "eve");
		}
	}

	@Test
	void whenDeleteQueryThenMatchingEntitiesRemoved() {
		savePeople();
		assertThat(this.people.deleteByActiveFalse()).isEqualTo(1);
		assertThat(this.people.existsById("cyd")).isFalse();
		assertThat(this.people.count()).isEqualTo(4);
	}

	@Test
	void whenSingleResultQueryMatchesMoreThanOneThenError() {
		savePeople();
		this.people.save(person("ada2", "Ada2", 1, true)).setEmail(null);
		Person twin = person("twin", "Twin", 5, true);
		twin.setEmail("ada@example.com");
		this.people.save(twin);
		assertThatExceptionOfType(IncorrectResultSizeDataAccessException.class)
			.isThrownBy(() -> this.people.findByEmail("ada@example.com"));
	}

	// ---- TTL, auditing, callbacks

	@Test
	void whenEntityHasATimeToLiveThenItExpires() {
		this.sessions.save(new Session("short", "ada", Duration.ofSeconds(1)));
		this.sessions.save(new Session("default", "bob", null));
		assertThat(this.sessions.findById("short")).isPresent();
		await().atMost(Duration.ofSeconds(15)).until(() -> this.sessions.findById("short").isEmpty());
		assertThat(this.sessions.findById("default")).as("60 s default TTL").isPresent();
	}

	@Test
	void whenSavedThenAuditedAndCallbacksApplied() throws Exception {
		Instant before = Instant.now();
		this.savedKeys.clear();
		Person saved = this.people.save(person("aud", "Audited", 50, true));
		assertThat(this.savedKeys).containsExactly("before person.aud", "after person.aud v" + saved.getVersion());
		assertThat(saved.getCreated()).isNotNull().isAfterOrEqualTo(before.minusSeconds(1));
		assertThat(saved.getModified()).isNotNull();
		Person loaded = this.people.findById("aud").orElseThrow();
		assertThat(loaded.getCreated()).isEqualTo(saved.getCreated());
		assertThat(loaded.getLoadedBy()).as("after-convert callback").isEqualTo("person.aud");
		await().atMost(Duration.ofSeconds(2)).until(() -> Instant.now().isAfter(saved.getModified()));
		loaded.setAge(51);
		Person resaved = this.people.save(loaded);
		assertThat(resaved.getCreated()).isEqualTo(saved.getCreated());
		assertThat(resaved.getModified()).isAfter(saved.getModified());
	}

	/** The ids, sorted: for queries whose order does not matter. */
	private static List<String> ids(List<Person> people) {
		return people.stream().map(Person::getId).sorted().toList();
	}

	/** The ids in the order the query returned them. */
	private static List<String> ordered(List<Person> people) {
		return people.stream().map(Person::getId).toList();
	}

}
