import { createHmac } from 'node:crypto';
import type { Principal } from '../access/roles.ts';
import { toShanghaiIso } from '../app/clock.ts';
import type { CommandContext } from '../app/command-context.ts';
import { DeterministicIds } from '../app/deterministic-ids.ts';

/**
 * Command contexts for the generator: the business time of each command is fixed by rule
 * (the day the story puts it on, within the hour after 09:00 Asia/Shanghai, by a hash of
 * the command's key), and its event ids come from the id seed and a per-command key.
 * No wall clock, no random bytes: the same seed writes the same events, whatever order
 * bounded-parallel lanes happen to interleave in.
 */
export class CommandClock {
  constructor(private readonly idSeedHex: string) {}

  /** `key` names the command uniquely within the run (e.g. `register:T-17`). */
  ctx(principal: Principal, day: string, key: string): CommandContext {
    const timeMs = Date.parse(`${day}T09:00:00+08:00`) + (hashToInt(key) % 3_600_000);
    const secretHex = createHmac('sha256', Buffer.from(this.idSeedHex, 'hex')).update(key).digest('hex').slice(0, 32);
    const requestId = `gen-${secretHex.slice(0, 16)}`;
    return {
      principal: { ...principal },
      requestId,
      correlationId: requestId,
      causationId: requestId,
      occurredAt: toShanghaiIso(timeMs),
      ids: new DeterministicIds({ timeMs, secretHex }),
      replay: false,
    };
  }
}

function hashToInt(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** A 32-hex id seed from the run's seed, when none is given. */
export function idSeedFor(seed: number): string {
  return createHmac('sha256', 'taizhang-generator').update(String(seed)).digest('hex').slice(0, 32);
}
