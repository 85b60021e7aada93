package io.github.kvspring.data.repository;

import java.util.List;

import io.github.kvspring.data.repository.KvRepository;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;

/**
 * Paged and limited queries over many entities.
 */
public interface PagedItemRepository extends KvRepository<PagedItem, String> {

	Page<PagedItem> findByGroup(String group, Pageable pageable);

	Slice<PagedItem> findSliceByGroup(String group, Pageable pageable);

	List<PagedItem> findTop5ByGroupOrderByScoreDesc(String group);

}
