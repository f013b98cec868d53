import { isRejection, reject, type Rejection } from '../../domain/decider.ts';
import type { DrawEngine } from '../../domain/inspection-plan/context.ts';
import type { DrawFailureData, DrawSuccessData, RandomnessSourceData, RandomnessValueData } from '../../domain/inspection-plan/schemas.ts';
import type { PlanContent } from '../../domain/inspection-plan/state.ts';
import {
  canonicalRandomness,
  drawOutcomeHash,
  inspectorRosterHash,
  isSamplingInputError,
  runDraw,
  sha256 as pureSha256,
  subjectRosterHash,
  type DrawInput,
  type SamplingErrorCode,
  type Sha256,
} from '../../sampling/index.ts';

/**
 * The plan decider's DrawEngine, backed by the sampling core (src/sampling): the domain
 * says when a plan is checked, hashed and drawn; this says how. Pure (a faster SHA-256
 * may be passed in; results are identical).
 */

/** Each sampling refusal as a stable rejection code of the plan. */
const PLAN_CODES: Readonly<Record<SamplingErrorCode, string>> = {
  'sampling.invalid_field': 'inspection_plan.invalid_command',
  'sampling.duplicate_id': 'inspection_plan.roster_id_repeated',
  'sampling.empty_roster': 'inspection_plan.empty_roster',
  'sampling.duplicate_stratum': 'inspection_plan.stratum_declared_twice',
  'sampling.empty_stratum': 'inspection_plan.empty_stratum',
  'sampling.subject_outside_strata': 'inspection_plan.subject_outside_strata',
  'sampling.count_exceeds_stratum': 'inspection_plan.count_exceeds_stratum',
  'sampling.floor_unreachable': 'inspection_plan.floor_unreachable',
  'sampling.pps_weight_shortfall': 'inspection_plan.pps_weight_shortfall',
  'sampling.k_exceeds_eligible': 'inspection_plan.k_exceeds_eligible',
  'sampling.randomness_invalid': 'inspection_plan.randomness_invalid',
  'sampling.roster_hash_mismatch': 'inspection_plan.roster_hash_mismatch',
  'sampling.rfc3797_unsupported': 'inspection_plan.rfc3797_unsupported',
};

/**
 * Runs `f`; a SamplingInputError becomes the plan's rejection, naming the command's field
 * (the command's fields are named like the sampling input's; the value is `value`, where
 * the sampling input says `randomness.value`). Anything else propagates.
 */
export function samplingRejection<T>(f: () => T): T | Rejection {
  try {
    return f();
  } catch (err) {
    if (!isSamplingInputError(err)) throw err;
    const field = err.field.replace(/^randomness\./, '');
    return reject(PLAN_CODES[err.code], err.message.replace(/^randomness\./, ''), field);
  }
}

export function drawInputOf(planId: string, content: PlanContent, source: RandomnessSourceData, value: RandomnessValueData): DrawInput {
  return {
    planId,
    randomness: { source, value },
    subjects: content.subjects,
    inspectors: content.inspectors,
    design: content.design,
    assignment: content.assignment,
    expectedRosterHashes: content.rosterHashes,
  };
}

/**
 * A stand-in value for checking a plan before its value exists. Every refusal of the
 * sampling core is decided before the random value is used (docs/sampling.md §11), so a
 * plan refused with the stand-in is refused whatever the real value, and one accepted can
 * always be drawn (succeeding, or failing on recusal with a published report). The
 * stand-in's outcome is thrown away: it is not a draw and is never recorded.
 */
const STAND_IN = {
  source: { kind: 'lottery', name: 'plan check (not a draw)', drawDate: '2000-01-01' },
  value: { kind: 'lottery', numbers: [[0]] },
} as const satisfies { source: RandomnessSourceData; value: RandomnessValueData };

export function samplingDrawEngine(sha256: Sha256 = pureSha256): DrawEngine {
  const options = { sha256 };
  return {
    rosterHashes: (subjects, inspectors) => samplingRejection(() => ({ subjects: subjectRosterHash(subjects, sha256), inspectors: inspectorRosterHash(inspectors, sha256) })),
    check(planId, content) {
      const r = samplingRejection(() => runDraw(drawInputOf(planId, content, STAND_IN.source, STAND_IN.value), options));
      return isRejection(r) ? r : undefined;
    },
    checkValue(source, value) {
      const r = samplingRejection(() => canonicalRandomness({ source, value }, sha256));
      return isRejection(r) ? r : undefined;
    },
    draw(planId, content, source, value) {
      const r = samplingRejection(() => runDraw(drawInputOf(planId, content, source, value), options));
      if (isRejection(r)) return r;
      // Plain JSON, as the event stores it: readonly arrays and absent optionals alike.
      const outcome = JSON.parse(JSON.stringify(r)) as DrawSuccessData | DrawFailureData;
      return { outcome, outcomeHash: drawOutcomeHash(r, sha256) };
    },
  };
}
