package io.github.kvspring.autoconfigure.slice;

import org.springframework.stereotype.Service;

/**
 * A component the KV slice must leave out.
 */
@Service
public class WebOnlyService {
}
