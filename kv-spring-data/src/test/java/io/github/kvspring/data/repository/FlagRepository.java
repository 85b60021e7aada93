package io.github.kvspring.data.repository;

import java.util.List;

public interface FlagRepository extends KvRepository<Flag, String> {

	List<Flag> findByOwner(String owner);

}
