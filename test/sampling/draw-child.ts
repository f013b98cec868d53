/**
 * Run by reproducibility.test.ts in a separate process: draws the fixture scenario with
 * the given shape by each method, once with the built-in SHA-256 and once hashing the
 * rosters with node:crypto, and prints the outcomes as JSON.
 */
import { hash } from 'node:crypto';
import { runDraw } from '../../src/sampling/draw.ts';
import { drawOutcomeHash } from '../../src/sampling/outcome-hash.ts';
import { scenario } from './fixtures.ts';

const [subjects, inspectors, seed] = process.argv.slice(2).map(Number);
const nodeSha = { sha256: (b: Uint8Array) => new Uint8Array(hash('sha256', b, 'buffer')) };
const results = (['simple', 'pps'] as const).map((method) => {
  const input = scenario({ subjects: subjects!, inspectors: inspectors!, seed: seed! }, method);
  const outcome = runDraw(input);
  return { method, outcome, hash: drawOutcomeHash(outcome), hashWithNodeSha: drawOutcomeHash(runDraw(input, nodeSha)) };
});
process.stdout.write(JSON.stringify(results));
