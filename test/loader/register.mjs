// Test-only TypeScript loader: the suite starts ~190 processes, and tsx's resolve/load hooks
// cost about a second of CPU in each (they probe every specifier, packages included). This
// one only transforms files ending in .ts and passes everything else straight to Node.
import { register } from 'node:module';

process.setSourceMapsEnabled(true);
register('./hooks.mjs', import.meta.url);
