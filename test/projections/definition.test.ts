import t from 'tap';
import fs from 'node:fs';
import path from 'node:path';
import { eventStats } from '../../projections/event-stats/projection.ts';
import { z } from 'zod';
import { byEventType, defineProjection, type ProjectionDefinition } from '../../src/projections/definition.ts';
import { digestReadModelFile } from '../../src/projections/projection-digest.ts';
import { replayToDigest } from '../../src/projections/replay.ts';
import { syntheticRecorded } from './fixtures/synthetic-events.ts';
import { ProjectionDefinitionError } from '../../src/projections/errors.ts';
import { openReader, ReadModelFile, sameSchema } from '../../src/projections/readmodel-file.ts';

const base: ProjectionDefinition = { ...eventStats };

t.test('refuses a malformed definition, naming the field', async (t) => {
  const cases: [string, Partial<ProjectionDefinition>][] = [
    ['name', { name: 'Event_Stats' }],
    ['name', { name: '' }],
    ['version', { version: 0 }],
    ['version', { version: 1.5 }],
    ['eventTypes', { eventTypes: [] }],
    ['eventTypes', { eventTypes: ['$system'] }],
    ['migrationsDir', { migrationsDir: '/nonexistent/folder' }],
    ['digest', { digest: [] }],
    ['digest', { digest: [{ table: '_tz_checkpoint', key: ['singleton'] }] }],
    ['digest', { digest: [{ table: 'a', key: ['k'] }, { table: 'a', key: ['k'] }] }],
    ['digest.a.key', { digest: [{ table: 'a', key: [] }] }],
  ];
  for (const [field, change] of cases) {
    t.throws(() => defineProjection({ ...base, ...change }), { name: 'ProjectionDefinitionError', field }, `${field}: ${JSON.stringify(change)}`);
  }
  t.ok(Object.isFrozen(defineProjection(base)), 'a definition is frozen');
});

t.test('a table missing from the digest, or a key column that does not exist, is refused when the file opens', async (t) => {
  const dir = t.testdir();
  const partial = defineProjection({ ...base, digest: [{ table: 'event_type_stats', key: ['event_type'] }] });
  t.throws(() => ReadModelFile.open(partial, path.join(dir, 'a.sqlite')), { name: 'ProjectionDefinitionError', field: 'digest', message: /stream_category_stats is not in the digest/ });
  const badKey = defineProjection({ ...base, digest: [{ table: 'event_type_stats', key: ['nope'] }, { table: 'stream_category_stats', key: ['category'] }] });
  t.throws(() => ReadModelFile.open(badKey, path.join(dir, 'b.sqlite')), { field: 'digest.event_type_stats.key', message: /no column nope/ });
});

t.test('a migration edited without a new version is refused, asking for one', async (t) => {
  const dir = t.testdir();
  const sql = path.join(dir, 'sql');
  fs.mkdirSync(sql);
  const file = path.join(sql, '0001_event_stats.sql');
  fs.copyFileSync(path.join(eventStats.migrationsDir, '0001_event_stats.sql'), file);
  const definition = defineProjection({ ...base, migrationsDir: sql });
  ReadModelFile.open(definition, path.join(dir, 'rm.sqlite')).close();
  fs.appendFileSync(file, '-- changed\n');
  t.throws(() => ReadModelFile.open(definition, path.join(dir, 'rm.sqlite')), {
    name: 'ProjectionDefinitionError',
    field: 'migrationsDir',
    message: /changed after it was applied.*needs a new version \(now 1\)/,
  });
});

t.test('a file of another projection or version is refused', async (t) => {
  const dir = t.testdir();
  ReadModelFile.open(base, path.join(dir, 'x.sqlite')).close();
  t.throws(() => ReadModelFile.open(defineProjection({ ...base, version: 2 }), path.join(dir, 'x.sqlite')), ProjectionDefinitionError);
  t.throws(() => ReadModelFile.open(defineProjection({ ...base, name: 'other' }), path.join(dir, 'x.sqlite')), { message: /holds event-stats v1/ });
});

t.test('applyBatch refuses events out of order and a checkpoint that moved', async (t) => {
  const dir = t.testdir();
  const rm = ReadModelFile.open(base, path.join(dir, 'rm.sqlite'));
  t.teardown(() => rm.close());
  const e = (position: bigint) => ({
    id: '0190f000-0000-7000-8000-000000000001',
    stream: 'fund-a',
    revision: 0n,
    position,
    type: 'FundOpened',
    schemaVersion: 1,
    data: {},
    metadata: { actor: { id: 'u', role: 'r' }, correlationId: 'c', causationId: 'c', requestId: 'r', occurredAt: '2026-01-01T00:00:00+08:00' },
    recordedAt: '2026-01-01T00:00:00.000Z',
  });
  t.equal(rm.applyBatch([e(1n), e(2n)], 0n), 2n);
  t.throws(() => rm.applyBatch([e(4n), e(3n)], 2n), /out of order/);
  t.equal(rm.checkpoint().position, 2n, 'nothing of a refused batch is kept');
  t.equal(rm.checkpoint().eventsSeen, 2n);
  t.throws(() => rm.applyBatch([e(3n)], 2n), /a batch failed; reopen/, 'after a failed batch the object refuses more (a batch applier may hold half a batch)');
  const again = ReadModelFile.open(base, path.join(dir, 'rm.sqlite'));
  t.teardown(() => again.close());
  t.throws(() => again.applyBatch([e(3n)], 0n), /checkpoint is 2, expected 0/);
});

t.test('byEventType: a domain-style read model in a few lines, handlers typed by the schemas', async (t) => {
  const dir = t.testdir();
  const sql = path.join(dir, 'sql');
  fs.mkdirSync(sql);
  fs.writeFileSync(path.join(sql, '0001_balances.sql'), 'CREATE TABLE balance (fund_id TEXT PRIMARY KEY, amount_fen INTEGER NOT NULL) STRICT;\n');
  const Schemas = {
    FundOpened: z.object({ fundId: z.string() }),
    FundAllocated: z.object({ fundId: z.string(), amountFen: z.number().int() }),
  };
  const balances = defineProjection({
    name: 'balances',
    version: 1,
    eventTypes: ['FundOpened', 'FundAllocated'],
    migrationsDir: sql,
    digest: [{ table: 'balance', key: ['fund_id'] }],
    prepare(db) {
      const open = db.prepare('INSERT INTO balance VALUES (?, 0)');
      const add = db.prepare('UPDATE balance SET amount_fen = amount_fen + ? WHERE fund_id = ?');
      return byEventType<typeof Schemas>({
        FundOpened: (data) => open.run(data.fundId),
        FundAllocated: (data) => add.run(data.amountFen, data.fundId),
      });
    },
  });
  const e = (position: number, type: string, data: unknown) => ({ ...syntheticRecorded(1)[0]!, position: BigInt(position), type, data });
  const events = [e(1, 'FundOpened', { fundId: 'f1' }), e(2, 'Other', {}), e(3, 'FundAllocated', { fundId: 'f1', amountFen: 500 }), e(4, 'FundAllocated', { fundId: 'f1', amountFen: 250 })];
  const lines: string[] = [];
  const file = path.join(dir, 'balances.sqlite');
  replayToDigest(balances, events, file, 2);
  digestReadModelFile(balances, file, (l) => lines.push(l));
  t.same(lines, ['{"columns":["fund_id","amount_fen"],"table":"balance"}', '["f1",750]'], 'only the listed types reach the handlers');

  const forgot = defineProjection({ ...balances, eventTypes: ['FundOpened', 'FundAllocated', 'FundClosed'] });
  t.throws(() => replayToDigest(forgot, [...events, e(5, 'FundClosed', {})], path.join(dir, 'forgot.sqlite'), 10), {
    name: 'ProjectionFailedError',
    message: /at position 5 \(FundClosed .*no handler for event type FundClosed/,
  });
});

t.test('includes: a shared schema file is created with the migrations, covered by the digest and recorded', async (t) => {
  const dir = t.testdir({ 'shared.sql': 'CREATE TABLE shared_thing (id TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;\n' });
  const shared = path.join(dir, 'shared.sql');
  const definition = defineProjection({ ...base, includes: [shared], digest: [...base.digest, { table: 'shared_thing', key: ['id'] }] });
  const file = path.join(dir, 'rm.sqlite');
  ReadModelFile.open(definition, file).close();
  const reader = openReader(file);
  t.teardown(() => reader.close());
  t.equal(reader.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'shared_thing'").pluck().get(), 1);
  t.ok(sameSchema(reader, definition), 'the same definition has the same schema');
  t.notOk(sameSchema(reader, base), 'a definition without the include has another schema');
  ReadModelFile.open(definition, file).close();
  t.pass('reopening does not run the include again');
  t.throws(() => ReadModelFile.open(base, file), { field: 'includes', message: /shared\.sql, no longer listed/ });
  // Without the table in the digest, the file is refused: included tables are read-model rows too.
  t.throws(() => ReadModelFile.open(defineProjection({ ...base, includes: [shared] }), path.join(dir, 'other.sqlite')), { field: 'digest', message: /shared_thing is not in the digest/ });
});

t.test('includes: an include edited without a new version is refused; a bad path is a definition error', async (t) => {
  const dir = t.testdir({ 'shared.sql': 'CREATE TABLE shared_thing (id TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;\n' });
  const shared = path.join(dir, 'shared.sql');
  const definition = defineProjection({ ...base, includes: [shared], digest: [...base.digest, { table: 'shared_thing', key: ['id'] }] });
  const file = path.join(dir, 'rm.sqlite');
  ReadModelFile.open(definition, file).close();
  fs.appendFileSync(shared, '-- changed\n');
  t.throws(() => ReadModelFile.open(definition, file), { name: 'ProjectionDefinitionError', field: 'includes', message: /shared\.sql changed.*needs a new version \(now 1\)/ });
  const reader = openReader(file);
  t.teardown(() => reader.close());
  t.notOk(sameSchema(reader, definition), 'an edited include is another schema');
  t.throws(() => defineProjection({ ...base, includes: ['relative.sql'] }), { name: 'ProjectionDefinitionError', field: 'includes' });
  t.throws(() => defineProjection({ ...base, includes: [path.join(dir, 'missing.sql')] }), { name: 'ProjectionDefinitionError', field: 'includes' });
  t.throws(() => defineProjection({ ...base, includes: [shared, shared] }), { field: 'includes', message: /two files have one name/ });
});
