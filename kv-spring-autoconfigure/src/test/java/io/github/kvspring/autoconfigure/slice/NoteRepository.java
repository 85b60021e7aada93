package io.github.kvspring.autoconfigure.slice;

import io.github.kvspring.data.repository.KvRepository;

public interface NoteRepository extends KvRepository<Note, String> {
}
