import { instantToEpochMs, startOfBusinessDay } from '../calendar/business-date.ts';
import { reject, type Rejection } from '../decider.ts';
import type { InspectionPlanCommandOf } from './commands.ts';
import type { Commitment } from './state.ts';

/**
 * Randomness committed in advance (docs/sampling.md §4): the plan names a public value
 * BEFORE it exists, so nobody, the office included, could have chosen the outcome. The
 * rule needs to know when the value will exist:
 *
 * - drand round r of a chain is published at genesisTime + (r − 1) × period (drand's
 *   round-time formula). The chains below are known; for another chain the command gives
 *   its timing (from the chain's /info), and the plan records it beside the source.
 * - a lottery result exists at the earliest on its draw date; the time of day is not
 *   known in advance, so 00:00 Asia/Shanghai of that date is the bound.
 *
 * The commitment must be made at least COMMIT_LEAD_MIN_MS before that time: the stored
 * commitment (with its store timestamp and Merkle leaf) then predates the value beyond any
 * clock skew, and there is time to publish it.
 */

export const COMMIT_LEAD_MIN_MS = 10 * 60_000;
/** A plan is drawn within the year: a value further ahead is a typo (and would outrun any date type). */
export const COMMIT_LEAD_MAX_MS = 366 * 86_400_000;

export interface DrandChainTiming {
  readonly genesisTime: number;
  readonly periodS: number;
}

/** Public facts of the League of Entropy chains (their /info endpoints). */
export const KNOWN_DRAND_CHAINS: ReadonlyMap<string, DrandChainTiming & { readonly name: string }> = new Map([
  ['8990e7a9aaed2ffed73dbd7092123d6f289930540d7651336225dc172e51b2ce', { name: 'drand mainnet (default)', genesisTime: 1_595_431_050, periodS: 30 }],
  ['52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971', { name: 'drand quicknet', genesisTime: 1_692_803_367, periodS: 3 }],
]);

/** Epoch ms as ISO 8601 in Asia/Shanghai (+08:00), the way every instant of the system is written. */
export function shanghaiInstant(epochMs: number): string {
  return new Date(epochMs + 8 * 3_600_000).toISOString().replace('Z', '+08:00');
}

/** The time drand round `round` is published. */
export function drandRoundTimeMs(chain: DrandChainTiming, round: number): number {
  return (chain.genesisTime + (round - 1) * chain.periodS) * 1000;
}

type CommitCommand = InspectionPlanCommandOf<'CommitPlanRandomness'>;

function drandTiming(source: Extract<CommitCommand['source'], { kind: 'drand' }>): DrandChainTiming | Rejection {
  const known = KNOWN_DRAND_CHAINS.get(source.chainHash);
  const given = source.chain;
  if (known && given && (given.genesisTime !== known.genesisTime || given.periodS !== known.periodS)) {
    return reject('inspection_plan.chain_timing_mismatch', `${known.name} has genesis ${known.genesisTime} and a period of ${known.periodS} s`, 'source.chain');
  }
  const timing = given ?? known;
  if (!timing) return reject('inspection_plan.unknown_drand_chain', 'this drand chain is not known: give its genesisTime and periodS (from its /info)', 'source.chain');
  return { genesisTime: timing.genesisTime, periodS: timing.periodS };
}

/** The commitment event's data, or why the named value might already exist. */
export function commitmentOf(command: CommitCommand): Commitment | Rejection {
  const s = command.source;
  let notBeforeMs: number;
  let commitment: Omit<Commitment, 'valueNotBefore' | 'committedAt'>;
  if (s.kind === 'drand') {
    const chain = drandTiming(s);
    if ('rejected' in chain) return chain;
    notBeforeMs = drandRoundTimeMs(chain, s.round);
    commitment = { source: { kind: 'drand', chainHash: s.chainHash, round: s.round }, chain };
  } else {
    notBeforeMs = instantToEpochMs(startOfBusinessDay(s.drawDate));
    commitment = { source: { kind: 'lottery', name: s.name, drawDate: s.drawDate } };
  }
  const atMs = instantToEpochMs(command.at);
  const field = s.kind === 'drand' ? 'source.round' : 'source.drawDate';
  if (notBeforeMs - atMs > COMMIT_LEAD_MAX_MS) {
    return reject('inspection_plan.randomness_too_far_ahead', 'the committed value would not exist within a year of the commitment', field);
  }
  if (notBeforeMs - atMs < COMMIT_LEAD_MIN_MS) {
    return reject(
      'inspection_plan.randomness_not_in_future',
      `the value may exist from ${shanghaiInstant(notBeforeMs)}: commit at least ${COMMIT_LEAD_MIN_MS / 60_000} minutes before a value exists`,
      field,
    );
  }
  return { ...commitment, valueNotBefore: shanghaiInstant(notBeforeMs), committedAt: command.at };
}

/** A value entered before it can exist is a mistake (another round, another draw): refused. */
export function valueDueRejection(commitment: Commitment, enteredAt: string): Rejection | undefined {
  if (instantToEpochMs(enteredAt) >= instantToEpochMs(commitment.valueNotBefore)) return undefined;
  return reject('inspection_plan.value_not_yet_published', `the committed value cannot exist before ${commitment.valueNotBefore}`, 'value');
}
