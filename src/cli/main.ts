#!/usr/bin/env node
import { Command } from 'commander';
import { registerDigestCommand } from './digest-command.ts';
import { registerDrawCommand } from './draw-command.ts';
import { registerRebuildCommand } from './rebuild-command.ts';
import { registerServeCommand } from './serve-command.ts';
import { registerTokenCommand } from './token-command.ts';
import { registerExportCommand } from './export-command.ts';
import { registerKeysCommand } from './keys-command.ts';
import { registerProveCommand } from './prove-command.ts';
import { registerVerifyCommand } from './verify-command.ts';

const program = new Command()
  .name('taizhang')
  .description('taizhang (台账): an event-sourced audit ledger for vocational-training subsidy funds')
  .showHelpAfterError();

registerServeCommand(program);
registerTokenCommand(program);
registerRebuildCommand(program);
registerDigestCommand(program);
registerDrawCommand(program);
registerKeysCommand(program);
registerProveCommand(program);
registerExportCommand(program);
registerVerifyCommand(program);

await program.parseAsync(process.argv);
