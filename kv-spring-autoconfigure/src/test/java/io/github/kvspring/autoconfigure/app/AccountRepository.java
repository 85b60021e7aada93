package io.github.kvspring.autoconfigure.app;

import java.util.List;

import io.github.kvspring.data.repository.KvRepository;

public interface AccountRepository extends KvRepository<Account, String> {

	List<Account> findByOwner(String owner);

}
