package io.github.kvspring.data.repository;

import java.util.List;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.entity.KvEntityTemplate;
import io.github.kvspring.data.mapping.KvMappingContext;
import io.github.kvspring.data.repository.support.KvRepositoryFactory;
import io.nats.client.Connection;
import io.nats.client.Nats;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Sort;

/**
 * Runs paged and limited queries in a JVM of its own with a small heap, printing what they return: started by
 * {@link KvPagingIntegrationTests}.
 */
final class PagedQueryInSmallHeap {

	private PagedQueryInSmallHeap() {
	}

	public static void main(String[] args) throws Exception {
		try (Connection connection = Nats.connect(args[0])) {
			KvEntityTemplate entities = new KvEntityTemplate(new KeyValueTemplate(connection), new KvMappingContext());
			PagedItemRepository items = new KvRepositoryFactory(entities).getRepository(PagedItemRepository.class);
			Page<PagedItem> page = items.findByGroup("all", PageRequest.of(2, 20, Sort.by("score").descending()));
			System.out.println("page " + page.getTotalElements() + " " + ids(page.getContent()));
			Slice<PagedItem> slice = items.findSliceByGroup("all", PageRequest.of(1, 20));
			System.out.println("slice " + slice.hasNext() + " " + ids(slice.getContent()));
			System.out.println("top " + ids(items.findTop5ByGroupOrderByScoreDesc("all")));
			Page<PagedItem> all = items.findAll(PageRequest.of(0, 10, Sort.by("score").descending()));
			System.out.println("findAll " + all.getTotalElements() + " " + ids(all.getContent()));
		}
	}

	private static String ids(List<PagedItem> items) {
		return String.join(",", items.stream().map(PagedItem::id).toList());
	}

}
