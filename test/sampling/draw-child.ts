/**
 * Run by reproducibility.test.ts in a separate process: draws the scenario named on the
 * command line and prints the outcome as JSON. With "node-sha" it hashes the rosters with
 * node:crypto instead of the built-in SHA-256.
 */
import { hash } from 'node:crypto';
import { runDraw } from '../../src/sampling/draw.ts';
import { drawOutcomeHash } from '../../src/sampling/outcome-hash.ts';
import { scenario } from './fixtures.ts';

const [subjects, inspectors, seed, method, sha] = process.argv.slice(2);
const input = scenario({ subjects: Number(subjects), inspectors: Number(inspectors), seed: Number(seed) }, method === 'pps' ? 'pps' : 'simple');
const options = sha === 'node-sha' ? { sha256: (b: Uint8Array) => new Uint8Array(hash('sha256', b, 'buffer')) } : {};
const outcome = runDraw(input, options);
process.stdout.write(JSON.stringify({ hash: drawOutcomeHash(outcome), outcome }));
