package io.github.kvspring.data.transaction;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvBucketDefinition;
import io.github.kvspring.data.core.KvBucketPolicy;
import io.github.kvspring.data.core.KvTransactionManager;
import io.github.kvspring.data.entity.KvEntityTemplate;
import io.github.kvspring.data.mapping.KvMappingContext;
import io.github.kvspring.data.repository.support.KvRepositoryFactory;
import io.github.kvspring.test.WithNatsServer;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Repositories never show part of a transaction: while transactions move a guest from seat to seat, every query —
 * answered from the {@code @KvIndexed} index or by a scan — finds the guest in exactly one seat.
 */
@WithNatsServer
class KvTransactionReadersIntegrationTests {

	@Test
	void whenTransactionsMoveAGuestBetweenSeatsThenEveryQueryFindsTheGuestInExactlyOneSeat(Connection connection)
			throws Exception {
		new KvBucketAdmin(connection).apply(KvBucketDefinition.builder("tx-seats").history(2).atomicWrites(true).build(),
				KvBucketPolicy.CREATE_OR_UPDATE);
		KeyValueTemplate template = new KeyValueTemplate(connection);
		SeatRepository seats = new KvRepositoryFactory(new KvEntityTemplate(template, new KvMappingContext()))
			.getRepository(SeatRepository.class);
		seats.deleteAll();
		List<Seat> opened = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			opened.add(new Seat("s" + i, (i == 0) ? "alice" : "-", 0));
		}
		seats.saveAll(opened);
		TransactionTemplate transactions = new TransactionTemplate(new KvTransactionManager(template));
		AtomicBoolean moving = new AtomicBoolean(true);
		AtomicInteger moves = new AtomicInteger();
		CompletableFuture<Void> mover = CompletableFuture.runAsync(() -> {
			while (moving.get() || moves.get() < 50) {
				try {
					transactions.executeWithoutResult((status) -> {
						Seat from = seats.findByGuest("alice").get(0);
						Seat to = seats.findById("s" + ((Integer.parseInt(from.id().substring(1)) + 1) % 8))
							.orElseThrow();
						seats.save(from.withGuest("-"));
						seats.save(to.withGuest("alice"));
					});
					moves.incrementAndGet();
				}
				catch (OptimisticLockingFailureException ex) {
					// Another attempt follows.
				}
			}
		});
		List<String> seen = Collections.synchronizedList(new ArrayList<>());
		try {
			for (int query = 0; query < 100; query++) {
				seen.add("index " + seats.findByGuest("alice").size());
				seen.add("count " + seats.countByGuest("alice"));
				seen.add("scan " + seats.findAll().stream().filter((seat) -> seat.guest().equals("alice")).count());
			}
		}
		finally {
			moving.set(false);
			mover.get(60, TimeUnit.SECONDS);
		}
		assertThat(moves.get()).isGreaterThanOrEqualTo(50);
		assertThat(seen).as("seats alice holds, by each query").containsOnly("index 1", "count 1", "scan 1");
	}

}
