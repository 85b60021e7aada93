package io.github.kvspring.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A local JetStream cluster of {@code nats-server} processes on 127.0.0.1, routed to each other, named
 * {@code n1}, {@code n2}, … so that a test can find a stream's leader and stop, kill or restart it.
 */
public final class NatsCluster implements AutoCloseable {

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

	private final List<NatsServer> nodes;

	private NatsCluster(List<NatsServer> nodes) {
		this.nodes = List.copyOf(nodes);
	}

	/**
	 * Starts a cluster of the given size with the found binary and waits until every node is healthy (a meta
	 * leader elected).
	 * @param size the number of nodes, 3 or more for replicated streams
	 * @return the running cluster
	 */
	public static NatsCluster start(int size) {
		return start(size, NatsServerBinaries.find());
	}

	/**
	 * Starts a cluster of the given size and binary and waits until every node is healthy.
	 * @param size the number of nodes
	 * @param binary the binary every node runs
	 * @return the running cluster
	 */
	public static NatsCluster start(int size, NatsServerBinary binary) {
		if (size < 1) {
			throw new IllegalArgumentException("'size' must be at least 1 but was " + size);
		}
		List<Integer> clusterPorts = new ArrayList<>();
		try {
			for (int i = 0; i < size; i++) {
				clusterPorts.add(LocalProcesses.freePort());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free port for the cluster", ex);
		}
		List<NatsServer> nodes = new ArrayList<>();
		try {
			for (int i = 0; i < size; i++) {
				int own = clusterPorts.get(i);
				nodes.add(NatsServer.builder().binary(binary).name("n" + (i + 1))
					.cluster("kv-spring", own, clusterPorts.stream().filter((port) -> port != own).toList())
					.build());
			}
			// Every node is launched before any is awaited: none is healthy before a meta leader is elected.
			nodes.forEach(NatsServer::launch);
			nodes.forEach((node) -> node.awaitReady(READY_TIMEOUT));
			return new NatsCluster(nodes);
		}
		catch (RuntimeException ex) {
			nodes.forEach(NatsServer::close);
			throw ex;
		}
	}

	/**
	 * The nodes, in name order.
	 * @return the nodes
	 */
	public List<NatsServer> nodes() {
		return this.nodes;
	}

	/**
	 * The node with the given server name, as JetStream reports it for a stream's leader.
	 * @param name the server name, such as {@code n2}
	 * @return the node
	 * @throws IllegalArgumentException if no node has that name
	 */
	public NatsServer node(String name) {
		return this.nodes.stream().filter((node) -> node.name().equals(name)).findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No node named '" + name + "' in " + this));
	}

	/**
	 * Every node's client URL.
	 * @return the URLs, one per node
	 */
	public List<String> urls() {
		return this.nodes.stream().map(NatsServer::url).toList();
	}

	/**
	 * Every node's client URL, comma-separated, as a {@code nats.servers} property takes them.
	 * @return the URLs
	 */
	public String url() {
		return String.join(",", urls());
	}

	/**
	 * Stops every node and deletes their work folders.
	 */
	@Override
	public void close() {
		this.nodes.forEach(NatsServer::close);
	}

	@Override
	public String toString() {
		return "nats cluster " + this.nodes.stream().map(NatsServer::name).collect(Collectors.joining(", "));
	}

}
