import t from 'tap';
import path from 'node:path';
import { eventStats } from '../../projections/event-stats/projection.ts';
import { runDigest } from '../../src/cli/digest-command.ts';
import { runRebuild } from '../../src/cli/rebuild-command.ts';
import { openSqliteStore } from '../../src/eventstore/sqlite/sqlite-store.ts';
import { replayToDigest } from '../../src/projections/replay.ts';
import { filledStore } from './helpers.ts';

t.test('taizhang rebuild, then taizhang digest: the digest of a clean replay, in text, json and rows', async (t) => {
  const dir = t.testdir();
  const dataDir = path.join(dir, 'data');
  const store = await filledStore(t, dir, 500, 91);
  const config = { dataDir, storeUrl: 'sqlite:', maxEventBytes: 1 << 20, logLevel: 'silent' as const };
  const notBuilt: string[] = [];
  t.equal(runDigest({ names: [], dataDir, format: 'text', out: (l) => notBuilt.push(l) }), false, 'nothing built yet: a failing exit');
  t.match(notBuilt, [/event-stats v1: not built yet/]);

  const rebuilt: string[] = [];
  await runRebuild({ names: ['event-stats'], batchSize: 100, config, out: (l) => rebuilt.push(l), openEvents: () => openSqliteStore({ file: path.join(dir, 'events.sqlite'), writer: 'inline' }), progress: 'none' });
  const clean = replayToDigest(eventStats, await store.readAll(), path.join(dir, 'clean.sqlite'), 1000);
  t.match(rebuilt, [new RegExp(`^event-stats v1: 500 events to position 500 in [0-9.]+ s \\([0-9,]+ events/s\\); sha256 ${clean.sha256}$`)]);

  const text: string[] = [];
  t.equal(runDigest({ names: ['event-stats'], dataDir, format: 'text', out: (l) => text.push(l) }), true);
  t.equal(text[0], `event-stats v1 at position 500: sha256 ${clean.sha256}`);
  t.match(text.slice(1), [/^  event_type_stats: \d+ rows, sha256 [0-9a-f]{64}$/, /^  stream_category_stats: 5 rows, sha256 [0-9a-f]{64}$/]);

  const json: string[] = [];
  runDigest({ names: [], dataDir, format: 'json', out: (l) => json.push(l) });
  t.match(JSON.parse(json.join('\n')), [{ projection: 'event-stats', version: 1, position: '500', sha256: clean.sha256 }]);

  const rows: string[] = [];
  runDigest({ names: ['event-stats'], dataDir, format: 'rows', out: (l) => rows.push(l) });
  t.equal(rows[0], '{"columns":["event_type","event_count","first_position","last_position","first_recorded_at","last_recorded_at"],"table":"event_type_stats"}');
  t.ok(rows.slice(1).every((r) => r.startsWith('[') || r.startsWith('{"columns"')), 'then the rows, then the next table');

  t.throws(() => runDigest({ names: ['nope'], dataDir, format: 'text', out: () => {} }), { name: 'UnknownProjectionError' });
});
