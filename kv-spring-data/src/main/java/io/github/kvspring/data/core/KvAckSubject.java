package io.github.kvspring.data.core;

import java.time.Instant;

/**
 * The parts of a JetStream message's reply subject an entry needs: the stream sequence, the server's timestamp
 * and the pending count. Read in place, without splitting the subject into strings: on scans this is a tenth of
 * the cost of an entry. Both layouts are read: {@code $JS.ACK.<stream>.<consumer>.<delivered>.<stream seq>.
 * <consumer seq>.<timestamp>.<pending>} and the one with domain and account hash after {@code ACK}, which may
 * end with a further token.
 *
 * @param streamSequence the stream sequence (the revision)
 * @param consumerSequence the consumer's delivery sequence (consecutive on an ordered read: a gap means a lost
 * message)
 * @param timestamp the server's timestamp
 * @param pending the matching messages still pending
 */
record KvAckSubject(long streamSequence, long consumerSequence, Instant timestamp, long pending) {

	private static final int MAX_TOKENS = 12;

	static KvAckSubject parse(String subject) {
		int[] starts = new int[MAX_TOKENS + 1];
		int tokens = 0;
		starts[tokens++] = 0;
		for (int i = 0; i < subject.length() && tokens <= MAX_TOKENS; i++) {
			if (subject.charAt(i) == '.') {
				starts[tokens++] = i + 1;
			}
		}
		if (!subject.startsWith("$JS.ACK.") || (tokens != 9 && tokens != 11 && tokens != 12)) {
			throw new IllegalArgumentException("Not a JetStream message reply subject: " + subject);
		}
		int first = (tokens == 9) ? 2 : 4;
		long timestampNanos = number(subject, starts, tokens, first + 5);
		return new KvAckSubject(number(subject, starts, tokens, first + 3), number(subject, starts, tokens, first + 4),
				Instant.ofEpochSecond(0, timestampNanos), number(subject, starts, tokens, first + 6));
	}

	private static long number(String subject, int[] starts, int tokens, int token) {
		int end = (token + 1 < tokens) ? starts[token + 1] - 1 : subject.length();
		return Long.parseLong(subject, starts[token], end, 10);
	}

}
