package io.github.kvspring.data.transaction;

import io.github.kvspring.data.mapping.KvEntity;
import io.github.kvspring.data.mapping.KvIndexed;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/**
 * A seat held by one guest at a time, in a bucket that accepts atomic writes; a transaction moves a guest from
 * one seat to another.
 *
 * @param id the id
 * @param guest who holds it ({@code "-"} for nobody), indexed
 * @param version the revision
 */
@KvEntity(bucket = "tx-seats", keyPrefix = "seat")
public record Seat(@Id String id, @KvIndexed String guest, @Version long version) {

	Seat withGuest(String guest) {
		return new Seat(this.id, guest, this.version);
	}

}
