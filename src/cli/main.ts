#!/usr/bin/env node
import { Command } from 'commander';

type Register = (program: Command) => void;

/**
 * Each command's module, loaded only when that command runs: `taizhang token list` should not
 * pay for loading the HTTP server (seconds through tsx). Help loads them all.
 * To add a command: one line here.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  serve: async () => (await import('./serve-command.ts')).registerServeCommand,
  token: async () => (await import('./token-command.ts')).registerTokenCommand,
  rebuild: async () => (await import('./rebuild-command.ts')).registerRebuildCommand,
  digest: async () => (await import('./digest-command.ts')).registerDigestCommand,
  draw: async () => (await import('./draw-command.ts')).registerDrawCommand,
  keys: async () => (await import('./keys-command.ts')).registerKeysCommand,
  prove: async () => (await import('./prove-command.ts')).registerProveCommand,
  export: async () => (await import('./export-command.ts')).registerExportCommand,
  verify: async () => (await import('./verify-command.ts')).registerVerifyCommand,
  generate: async () => (await import('./generate-command.ts')).registerGenerateCommand,
  'sweep-overdue': async () => (await import('./sweep-command.ts')).registerSweepCommand,
};

const program = new Command()
  .name('taizhang')
  .description('taizhang (台账): an event-sourced audit ledger for vocational-training subsidy funds')
  .showHelpAfterError();

const named = process.argv[2];
const wanted = named !== undefined && Object.hasOwn(COMMANDS, named) ? [named] : Object.keys(COMMANDS);
for (const name of wanted) (await COMMANDS[name]!())(program);

await program.parseAsync(process.argv);
