import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { EventStore } from '../eventstore/port.ts';

/**
 * SHA-256 over every event as written (id, stream, revision, type, schema version, data,
 * metadata), stream by stream in revision order: what a seed determines. The global
 * position and the store's recordedAt are left out: lanes interleave streams differently
 * from run to run, and the store's clock is not the generator's.
 */
export async function eventDigest(store: EventStore): Promise<{ digest: string; events: number; streams: number }> {
  const byStream = new Map<string, string[]>();
  let events = 0;
  for (let after = 0n; ; ) {
    const page = await store.readAll({ after, limit: 2000 });
    for (const e of page) {
      if (e.stream.startsWith('$')) continue;
      const line = canonicalize({ id: e.id, stream: e.stream, revision: e.revision.toString(), type: e.type, schemaVersion: e.schemaVersion, data: e.data, metadata: e.metadata }) ?? '';
      const lines = byStream.get(e.stream);
      if (lines) lines.push(line);
      else byStream.set(e.stream, [line]);
      events += 1;
    }
    if (page.length < 2000) break;
    after = page[page.length - 1]!.position;
  }
  const hash = createHash('sha256');
  for (const stream of [...byStream.keys()].sort()) for (const line of byStream.get(stream)!) hash.update(line).update('\n');
  return { digest: hash.digest('hex'), events, streams: byStream.size };
}
