#!/usr/bin/env -S node --max-semi-space-size=32
// The installed command: runs the TypeScript entry point through tsx, with npm start's
// young generation (the Dockerfile has the figures; V8 reads the size only at start, so it
// is on the first line, not set from here).
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/main.ts');
