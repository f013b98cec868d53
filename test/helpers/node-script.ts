import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The node arguments that run a script of this tree in a child process. From the JavaScript
 * mirror `npm test` runs (scripts/build-tests.mjs) that is the compiled .js beside the .ts,
 * with no loader: tsx costs a CPU-second or more per child, and the crash tests start dozens.
 * Run as TypeScript (`npx tap test/x.test.ts`), it is the .ts through tsx.
 */
export function nodeScript(tsUrl: URL): string[] {
  const file = fileURLToPath(tsUrl);
  const compiled = file.replace(/\.ts$/, '.js');
  if (import.meta.url.endsWith('.js') && existsSync(compiled)) return ['--enable-source-maps', compiled];
  return ['--import', 'tsx', file];
}
