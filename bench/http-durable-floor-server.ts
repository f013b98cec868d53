/**
 * The servers of bench/http-durable-floor.bench.ts, in their own process (the load generator
 * must not share their event loop): a bare fastify GET, and the least a durable command over
 * HTTP can be on this machine — a fastify POST whose JSON body is checked by one small schema
 * and inserted with raw better-sqlite3 into a WAL file at synchronous=FULL, one transaction per
 * event-loop turn (group commit, as the embedded store does), answered with its position after
 * the commit returned. No auth, no domain, no read models, no Merkle log, no idempotency.
 * Sends `{ bare, floor }` to the parent over IPC; 'stop' closes both and removes the file.
 */
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taizhang-bench-floor-'));
const db = new Database(path.join(dir, 'floor.db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec('CREATE TABLE events (position INTEGER PRIMARY KEY, stream TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL)');
const insert = db.prepare('INSERT INTO events (stream, type, data) VALUES (?, ?, ?)');

type Pending = { stream: string; data: string; done: (position: number) => void };
let pending: Pending[] = [];
const commitGroup = db.transaction((group: Pending[]) => group.map((p) => Number(insert.run(p.stream, 'FloorEvent', p.data).lastInsertRowid)));
function flush(): void {
  const group = pending;
  pending = [];
  const positions = commitGroup(group);
  group.forEach((p, i) => p.done(positions[i]!));
}

const bare = Fastify({ logger: false });
bare.get('/bare', async () => ({ ok: true }));
const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });

const floor = Fastify({ logger: false });
floor.post<{ Body: { stream: string; amountFen: number } }>(
  '/append',
  { schema: { body: { type: 'object', required: ['stream', 'amountFen'], properties: { stream: { type: 'string', maxLength: 64 }, amountFen: { type: 'integer', minimum: 1 } } } } },
  (request, reply) => {
    if (pending.length === 0) setImmediate(flush);
    pending.push({ stream: request.body.stream, data: JSON.stringify(request.body), done: (position) => void reply.code(201).send({ position }) });
  },
);
const floorUrl = await floor.listen({ host: '127.0.0.1', port: 0 });

process.send?.({ bare: bareUrl, floor: floorUrl });
process.on('message', async (message) => {
  if (message === 'cpu') {
    const c = process.cpuUsage();
    process.send?.({ cpuMs: (c.user + c.system) / 1000, rows: Number(db.prepare('SELECT count(*) AS n FROM events').pluck().get()) });
    return;
  }
  if (message !== 'stop') return;
  await floor.close();
  await bare.close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
});
