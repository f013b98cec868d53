// Test-only TypeScript loader: the suite starts ~190 processes, and tsx's resolve/load hooks
// cost about a second of CPU in each (they probe every specifier, packages included). This
// one only transforms files ending in .ts and passes everything else straight to Node.
import { register } from 'node:module';
import path from 'node:path';

// A file of the JavaScript mirror that `npm test` runs (scripts/build-tests.mjs) needs no
// hooks: only `npx tap test/x.test.ts` on a single TypeScript file does.
const entry = process.argv[1] ?? '';
const mirror = entry.includes(`${path.sep}test-build${path.sep}`);
// Source maps cost the mirror's test processes ~7 % of their CPU (an HTTP route file, A/B:
// 5.8 vs 5.4 CPU-s), so there stack traces name the .js beside the .ts unless
// TAIZHANG_TEST_SOURCE_MAPS=on; through the loader they name the .ts lines.
if (!mirror || process.env.TAIZHANG_TEST_SOURCE_MAPS === 'on') process.setSourceMapsEnabled(true);
if (!mirror) register('./hooks.mjs', import.meta.url);
