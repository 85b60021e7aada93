package io.github.kvspring.data.transaction;

import io.github.kvspring.data.repository.KvRepository;

/**
 * Wallets.
 */
public interface WalletRepository extends KvRepository<Wallet, String> {

}
