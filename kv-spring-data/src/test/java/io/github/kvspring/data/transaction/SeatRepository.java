package io.github.kvspring.data.transaction;

import java.util.List;

import io.github.kvspring.data.repository.KvRepository;

/**
 * Seats.
 */
public interface SeatRepository extends KvRepository<Seat, String> {

	/**
	 * The seats a guest holds, answered from the index.
	 * @param guest the guest
	 * @return the seats
	 */
	List<Seat> findByGuest(String guest);

	/**
	 * How many seats a guest holds, answered from the index.
	 * @param guest the guest
	 * @return the count
	 */
	long countByGuest(String guest);

}
