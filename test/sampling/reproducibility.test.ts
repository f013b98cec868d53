import t from 'tap';
import { execFileSync } from 'node:child_process';
import { runDraw } from '../../src/sampling/draw.ts';
import { drawOutcomeHash } from '../../src/sampling/outcome-hash.ts';
import { scenario } from './fixtures.ts';
import { nodeScript } from '../helpers/node-script.ts';

const child = nodeScript(new URL('./draw-child.ts', import.meta.url));
const SHAPE = { subjects: 3000, inspectors: 150, seed: 11 };

t.test('the same inputs in another process give the same subjects and inspectors', async (t) => {
  const out = execFileSync(process.execPath, [...child, String(SHAPE.subjects), String(SHAPE.inspectors), String(SHAPE.seed)], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const there = JSON.parse(out) as { method: 'simple' | 'pps'; outcome: unknown; hash: string; hashWithNodeSha: string }[];
  t.same(
    there.map((r) => r.method),
    ['simple', 'pps'],
  );
  for (const r of there) {
    const here = runDraw(scenario(SHAPE, r.method));
    t.ok(here.ok, `${r.method}: drawn`);
    t.same(r.outcome, JSON.parse(JSON.stringify(here)), `${r.method}: identical record`);
    t.equal(r.hash, drawOutcomeHash(here), `${r.method}: identical outcome hash`);
    t.equal(r.hashWithNodeSha, r.hash, `${r.method}: node:crypto SHA-256 for the rosters changes nothing`);
  }
  t.not(there[0]!.hash, there[1]!.hash);
});
