import type { Command } from 'commander';
import type { Principal } from '../access/roles.ts';
import type { AppDeps } from '../app/app-deps.ts';
import { toShanghaiIso } from '../app/clock.ts';
import type { CommandContext } from '../app/command-context.ts';
import { DeterministicIds, newRequestSeed } from '../app/deterministic-ids.ts';
import { openApp } from '../app/open-app.ts';
import { CommandRejectedError } from '../app/run-command.ts';
import { sweepOverdueRectifications } from '../app/services/sanctions.ts';
import { loadConfig } from '../config.ts';

/**
 * `taizhang sweep-overdue --as-of …`: the overdue-rectification rule run by a scheduler
 * instead of an admin's request (the same service as POST /api/v1/overdue-rectification-sweeps).
 * The events name the actor `sweeper` with the admin role. Running it again issues nothing
 * twice: each sanction's id comes from the deadline it punishes.
 */
export async function runSweep(deps: AppDeps, asOf: string, region: string | undefined, nowMs: number): Promise<Record<string, unknown>> {
  const principal: Principal = { id: 'sweeper', name: 'Overdue rectification sweep', role: 'admin', ...(region ? { region } : {}) };
  const seed = newRequestSeed(nowMs);
  const requestId = `sweep-${seed.secretHex.slice(0, 12)}`;
  const ctx: CommandContext = { principal, requestId, correlationId: requestId, causationId: requestId, occurredAt: toShanghaiIso(nowMs), ids: new DeterministicIds(seed), replay: false };
  const outcome = await sweepOverdueRectifications(deps, ctx, { asOf });
  return { ...outcome.result, events: outcome.steps.reduce((n, s) => n + s.eventIds.length, 0) };
}

export function registerSweepCommand(program: Command): void {
  program
    .command('sweep-overdue')
    .description('sanction (delist, by the local rule) every finding still open past its rectification deadline as of --as-of')
    .requiredOption('--as-of <instant>', 'ISO 8601 instant with offset, not after now, e.g. 2026-04-20T00:00:00+08:00')
    .option('--region <code>', 'only findings of this region (GB/T 2260)')
    .action(async (options: { asOf: string; region?: string }) => {
      const app = await openApp(loadConfig());
      try {
        const result = await runSweep(app.deps, options.asOf, options.region, Date.now());
        process.stdout.write(`${JSON.stringify(result)}\n`);
      } catch (error) {
        const message = error instanceof CommandRejectedError ? `${error.rejection.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
        process.stderr.write(`taizhang sweep-overdue: ${message}\n`);
        process.exitCode = 1;
      } finally {
        await app.close();
      }
    });
}
