package io.github.kvspring.data.transaction;

import io.github.kvspring.data.mapping.KvEntity;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/**
 * A wallet in a bucket that accepts atomic writes.
 *
 * @param id the id
 * @param balance the balance
 * @param version the revision
 */
@KvEntity(bucket = "tx-wallets", keyPrefix = "wallet")
public record Wallet(@Id String id, long balance, @Version long version) {

	Wallet withBalance(long balance) {
		return new Wallet(this.id, balance, this.version);
	}

}
