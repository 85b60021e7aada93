package io.github.kvspring.data.repository.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.stream.Stream;

import org.springframework.data.domain.Pageable;

/**
 * The first matches of a stream in an order, keeping no more than that many while it reads, and how many matched
 * in all: what a page, a slice or a {@code Top}/{@code First} query returns, in memory bounded by what it returns.
 *
 * @param <E> the element type
 * @param items the first matches, in order
 * @param total how many elements the stream held
 */
public record KvTopMatches<E>(List<E> items, long total) {

	/**
	 * Reads the stream, keeping its first {@code keep} elements in the order.
	 * @param <E> the element type
	 * @param stream the matches
	 * @param order the order
	 * @param keep how many to keep ({@link Integer#MAX_VALUE} or more: all)
	 * @return the kept elements, sorted, and the count of all
	 */
	public static <E> KvTopMatches<E> of(Stream<E> stream, Comparator<? super E> order, long keep) {
		if (keep >= Integer.MAX_VALUE) {
			List<E> all = new ArrayList<>(stream.toList());
			all.sort(order);
			return new KvTopMatches<>(all, all.size());
		}
		// The kept elements with the last in order on top, to be displaced by any earlier one.
		PriorityQueue<E> kept = new PriorityQueue<>((int) Math.max(1, Math.min(keep, 1024)), order.reversed());
		long[] total = new long[1];
		stream.forEach((element) -> {
			total[0]++;
			if (kept.size() < keep) {
				kept.add(element);
			}
			else if (keep > 0 && order.compare(element, kept.peek()) < 0) {
				kept.poll();
				kept.add(element);
			}
		});
		List<E> items = new ArrayList<>(kept);
		items.sort(order);
		return new KvTopMatches<>(items, total[0]);
	}

	/**
	 * How many to keep for a page: its offset and size (one more for a slice, to tell whether a next one
	 * exists), all when unpaged.
	 * @param pageable the page
	 * @param slice whether a slice is wanted
	 * @return the count to keep
	 */
	public static long keepFor(Pageable pageable, boolean slice) {
		return pageable.isPaged() ? pageable.getOffset() + pageable.getPageSize() + (slice ? 1 : 0)
				: Integer.MAX_VALUE;
	}

	/**
	 * The kept items of a page: those after its offset, at most its size; all when unpaged.
	 * @param pageable the page
	 * @return the page's items
	 */
	public List<E> page(Pageable pageable) {
		if (pageable.isUnpaged()) {
			return this.items;
		}
		int from = (int) Math.min(pageable.getOffset(), this.items.size());
		return this.items.subList(from, Math.min(from + pageable.getPageSize(), this.items.size()));
	}

}
