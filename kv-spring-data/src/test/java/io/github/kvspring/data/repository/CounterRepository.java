package io.github.kvspring.data.repository;

public interface CounterRepository extends KvRepository<Counter, String> {

}
