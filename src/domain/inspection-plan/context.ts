import type { Rejection } from '../decider.ts';
import type { RosterHashes } from '../../sampling/types.ts';
import type { DrawFailureData, DrawSuccessData, InspectorEntryData, RandomnessSourceData, RandomnessValueData, SubjectEntryData } from './schemas.ts';
import type { PlanContent, PlanStatus } from './state.ts';

/**
 * What the plan decider needs from outside its stream.
 *
 * The draw engine is the sampling core (src/sampling) behind a port: the domain states
 * WHEN a plan is checked, hashed and drawn; the app layer plugs in the algorithm
 * (src/app/services/draws-engine.ts), so dependencies point inward. Every method is pure.
 *
 * Races: the matter could be withdrawn the minute after a plan names it, or a replaced
 * plan's status read here could be stale. Both are accepted: the commitment checks the
 * matter again, and a failed plan never changes status again, so "it failed" cannot go stale.
 */
export interface DrawEngine {
  /** SHA-256 of each roster's canonical form; a rejection names a roster entry at fault. */
  rosterHashes(subjects: readonly SubjectEntryData[], inspectors: readonly InspectorEntryData[]): RosterHashes | Rejection;
  /** Undefined when the plan can be drawn whatever the random value; else the refusal (empty stratum, k above the eligible, …). */
  check(planId: string, content: PlanContent): Rejection | undefined;
  /** Undefined when `value` is well-formed and consistent with `source` (a drand signature, say). */
  checkValue(source: RandomnessSourceData, value: RandomnessValueData): Rejection | undefined;
  /** The draw, with the digest of its outcome. */
  draw(planId: string, content: PlanContent, source: RandomnessSourceData, value: RandomnessValueData): { outcome: DrawSuccessData | DrawFailureData; outcomeHash: string } | Rejection;
}

export interface PlanMatterFact {
  readonly listId: string;
  readonly matterId: string;
  readonly title: string;
}

export interface InspectionPlanContext {
  readonly engine: DrawEngine;
  /** The matter on the province list of `regionCode`, when published and not withdrawn. */
  matter(regionCode: string, matterId: string): PlanMatterFact | undefined;
  /** The status of another plan (one this plan replaces); undefined when there is none. */
  planStatus(planId: string): PlanStatus | undefined;
}
