// Test-only TypeScript loader: the suite starts ~190 processes, and tsx's resolve/load hooks
// cost about a second of CPU in each (they probe every specifier, packages included). This
// one only transforms files ending in .ts and passes everything else straight to Node.
import { register } from 'node:module';
import path from 'node:path';

process.setSourceMapsEnabled(true);
// A file of the JavaScript mirror that `npm test` runs (scripts/build-tests.mjs) needs no
// hooks: only `npx tap test/x.test.ts` on a single TypeScript file does.
const entry = process.argv[1] ?? '';
if (!entry.includes(`${path.sep}test-build${path.sep}`)) register('./hooks.mjs', import.meta.url);
