// The official NATS JavaScript client (@nats-io/kv over @nats-io/transport-node) on a bucket that kv-spring's
// tests created with atomic writes on. KvForeignClientIntegrationTests runs it and asserts what it prints:
//
//   node kv-interop.mjs <server-url> <bucket> <command> [<argument>...]
//
//   read <key>...            opens the bucket, prints its status, then each key's entry (kv.get) and the headers of
//                            the message stored for it (the JetStream API's stream message get)
//   write <key> <key>        put, then update with the put's revision, on the first key; create on the second; then
//                            the refused ones: create on the second again, update on the first at the stale revision
//   put <key> <value>        one put
//   remove <key> <key>       delete on the first key, purge on the second, then reads both back (kv.get)
//   watch <filter> <count>   watches the filter with all history, prints "ready" once the watch is in place, then
//                            each entry as it comes, until <count> entries have come
//
// Every line on standard output is one JSON object with a "kind"; the last is "done" (exit 0), or "error" or
// "timeout" (exit 1 or 2). The script ends itself after KV_INTEROP_TIMEOUT_MS (default 20000) milliseconds.

import { connect } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { Kvm, KvWatchInclude } from "@nats-io/kv";

const [url, bucket, command, ...args] = process.argv.slice(2);
const timeoutMs = Number(process.env.KV_INTEROP_TIMEOUT_MS ?? 20000);

function emit(line) {
  process.stdout.write(JSON.stringify(line) + "\n");
}

function finish(code, line) {
  emit(line);
  // Exits once what was printed has been written, whatever the connection is still doing.
  process.stdout.write("", () => process.exit(code));
}

setTimeout(() => finish(2, { kind: "timeout", afterMs: timeoutMs }), timeoutMs);

function headers(hdrs) {
  if (!hdrs) {
    return null;
  }
  const all = {};
  for (const name of hdrs.keys()) {
    all[name] = hdrs.get(name);
  }
  return all;
}

function entry(e) {
  if (!e) {
    return null;
  }
  return {
    key: e.key,
    value: e.string(),
    revision: e.revision,
    operation: e.operation,
  };
}

async function refused(op, key, write) {
  try {
    const revision = await write();
    emit({ kind: "written", op, key, revision, unexpected: true });
  }
  catch (err) {
    emit({ kind: "refused", op, key, error: String(err?.message ?? err) });
  }
}

const commands = {
  async read(kv, jsm, keys) {
    const status = await kv.status();
    const config = status.streamInfo.config;
    emit({
      kind: "status",
      bucket: status.bucket,
      history: status.history,
      values: status.values,
      allowAtomic: config.allow_atomic ?? null,
    });
    for (const key of keys) {
      emit({ kind: "entry", ...entry(await kv.get(key)) });
      const stored = await jsm.streams.getMessage(status.streamInfo.config.name,
        { last_by_subj: `$KV.${bucket}.${key}` });
      emit({ kind: "stored", key, revision: stored.seq, headers: headers(stored.header) });
    }
  },

  async write(kv, jsm, [first, second]) {
    const put = await kv.put(first, "js-1");
    emit({ kind: "written", op: "put", key: first, revision: put });
    const created = await kv.create(second, "js-1");
    emit({ kind: "written", op: "create", key: second, revision: created });
    const updated = await kv.update(first, "js-2", put);
    emit({ kind: "written", op: "update", key: first, revision: updated });
    await refused("create", second, () => kv.create(second, "js-again"));
    await refused("update", first, () => kv.update(first, "js-stale", put));
  },

  async put(kv, jsm, [key, value]) {
    emit({ kind: "written", op: "put", key, revision: await kv.put(key, value) });
  },

  async remove(kv, jsm, [deleted, purged]) {
    await kv.delete(deleted);
    await kv.purge(purged);
    emit({ kind: "entry", ...entry(await kv.get(deleted)) });
    emit({ kind: "entry", ...entry(await kv.get(purged)) });
  },

  async watch(kv, jsm, [filter, count]) {
    const watch = await kv.watch({ key: filter, include: KvWatchInclude.AllHistory });
    emit({ kind: "ready" });
    let received = 0;
    for await (const e of watch) {
      emit({
        kind: "entry",
        ...entry(e),
        // What the public KvWatchEntry type offers for headers (it declares none)...
        entryHeaders: headers(e.headers),
        // ...and what the JetStream message under it carried (the entry's non-public field sm).
        messageHeaders: headers(e.sm?.headers),
      });
      if (++received >= Number(count)) {
        watch.stop();
      }
    }
  },
};

try {
  const run = commands[command];
  if (!run) {
    throw new Error(`unknown command '${command}'`);
  }
  const nc = await connect({ servers: url, timeout: 5000, maxReconnectAttempts: 0 });
  const jsm = await jetstreamManager(nc);
  const kv = await new Kvm(nc).open(bucket);
  await run(kv, jsm, args);
  await nc.close();
  finish(0, { kind: "done" });
}
catch (err) {
  finish(1, { kind: "error", error: String(err?.stack ?? err) });
}
