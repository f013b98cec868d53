import t from 'tap';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runDraw } from '../../src/sampling/draw.ts';
import { drawOutcomeHash } from '../../src/sampling/outcome-hash.ts';
import { scenario } from './fixtures.ts';

const child = fileURLToPath(new URL('./draw-child.ts', import.meta.url));

function drawElsewhere(args: string[]): { hash: string; outcome: unknown } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', child, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return JSON.parse(out) as { hash: string; outcome: unknown };
}

for (const method of ['simple', 'pps'] as const) {
  t.test(`${method}: the same inputs in another process give the same subjects and inspectors`, async (t) => {
    const here = runDraw(scenario({ subjects: 3000, inspectors: 150, seed: 11 }, method));
    const there = drawElsewhere(['3000', '150', '11', method]);
    t.ok(here.ok);
    t.same(there.outcome, JSON.parse(JSON.stringify(here)));
    t.equal(there.hash, drawOutcomeHash(here));
    const withNodeSha = drawElsewhere(['3000', '150', '11', method, 'node-sha']);
    t.equal(withNodeSha.hash, there.hash, 'node:crypto SHA-256 for the rosters: identical outcome');
  });
}
