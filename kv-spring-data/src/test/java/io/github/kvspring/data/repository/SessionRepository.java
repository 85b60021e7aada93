package io.github.kvspring.data.repository;

public interface SessionRepository extends KvRepository<Session, String> {

}
