import fs from 'node:fs';
import type { Command } from 'commander';
import { buildEventRegistry } from '../app/event-registry.ts';
import { describeFault } from '../integrity-log/bundle-fault.ts';
import { verifyBundle, type VerifyReport } from '../integrity-log/verify-bundle.ts';
import { PROJECTIONS } from '../projections/catalog.ts';
import type { ProjectionDefinition } from '../projections/definition.ts';
import type { ProgressReporter } from '../projections/progress.ts';
import { stderrProgress } from './cli-progress.ts';

export interface VerifyCommandInput {
  dir: string;
  trustedKey?: string;
  /** A checkpoint note kept from an earlier look: the bundle's log must extend it. */
  heldCheckpoint?: Uint8Array;
  replay: boolean;
  json: boolean;
  out: (line: string) => void;
  progress?: ProgressReporter;
  definitions?: readonly ProjectionDefinition[];
}

/** Verifies the bundle offline; prints what holds, or the first fault. Returns whether it holds. */
export function runVerify(input: VerifyCommandInput): VerifyReport {
  const report = verifyBundle(input.dir, {
    registry: buildEventRegistry(),
    definitions: input.definitions ?? PROJECTIONS,
    replay: input.replay,
    progress: input.progress ?? stderrProgress(),
    ...(input.trustedKey !== undefined ? { trustedKey: input.trustedKey } : {}),
    ...(input.heldCheckpoint !== undefined ? { heldCheckpoint: input.heldCheckpoint } : {}),
  });
  if (input.json) {
    input.out(JSON.stringify(report, null, 2));
    return report;
  }
  if (!report.ok) {
    input.out(`bundle ${input.dir}: FAILED`);
    input.out(`  ${describeFault(report.fault!)}`);
    return report;
  }
  input.out(`bundle ${input.dir}: OK`);
  input.out(`  log ${report.origin}: ${report.treeSize!.toLocaleString('en-US')} events, root ${report.rootHash}`);
  input.out(`  ${report.checkpoints} checkpoints: each signed by the log key, consistent with the one before, and with the root of the events' tree`);
  input.out('  every event in RFC 8785 form and valid against its schema; every file as the manifest lists it');
  if (report.extendsHeldCheckpoint !== undefined) input.out(`  the checkpoint you hold (${report.extendsHeldCheckpoint.toLocaleString('en-US')} events) is a prefix of this log: the history up to it is unchanged`);
  if (report.projections === undefined) input.out('  projections: not replayed (--no-replay)');
  else for (const p of report.projections) input.out(`  projection ${p.name} v${p.version} replayed: digest ${p.sha256} as in digests.json`);
  return report;
}

export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description('check an export bundle offline: tree, signatures, consistency, schemas, projection digests; exit 0 only if all hold')
    .argument('<dir>', 'the bundle directory')
    .option('--key <verifierKey>', 'the verifier key you trust (else the bundle\'s vkey.txt is taken as it is)')
    .option('--key-file <file>', 'read the trusted verifier key from a file')
    .option('--since <checkpointFile>', 'a signed checkpoint you kept from an earlier look (a bundle\'s checkpoints/N.note, or GET /api/v1/integrity/checkpoint): the bundle\'s log must extend it')
    .option('--no-replay', 'skip replaying the projections')
    .option('--json', 'print the report as JSON')
    .action((dir: string, options: { key?: string; keyFile?: string; since?: string; replay: boolean; json?: boolean }) => {
      try {
        const trustedKey = options.key ?? (options.keyFile === undefined ? undefined : fs.readFileSync(options.keyFile, 'utf8').trim());
        const heldCheckpoint = options.since === undefined ? undefined : fs.readFileSync(options.since);
        const report = runVerify({ dir, replay: options.replay, json: options.json === true, out: (line) => process.stdout.write(`${line}\n`), ...(trustedKey !== undefined ? { trustedKey } : {}), ...(heldCheckpoint !== undefined ? { heldCheckpoint } : {}) });
        process.exitCode = report.ok ? 0 : 1;
      } catch (error) {
        process.stderr.write(`taizhang verify: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 2;
      }
    });
}
