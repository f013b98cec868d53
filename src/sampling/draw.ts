/**
 * A whole draw: validate, hash the rosters, derive the seed, select subjects, assign
 * inspectors (docs/sampling.md §1 gives the order). Pure: the same DrawInput gives the same
 * DrawOutcome on any machine, in Node or a browser.
 *
 * Throws SamplingInputError for input that no random value could make drawable (nothing
 * should be recorded); returns a DrawFailure when the drawn subjects cannot all be given
 * k inspectors (the failure is itself a public, re-runnable outcome).
 */
import { toHex } from './bytes.ts';
import { assignInspectors } from './assign.ts';
import { SamplingInputError } from './errors.ts';
import { buildPool } from './recusal.ts';
import { rfc3797KeyString } from './rfc3797-key.ts';
import { rfc3797Select, RFC3797_SELECTIONS_MAX } from './rfc3797.ts';
import { inspectorRosterHash, subjectRosterHash } from './roster-hash.ts';
import { sortById } from './sort-by-id.ts';
import { allocatedSize, selectStratified, type Selection } from './select.ts';
import { canonicalRandomness, deriveSeed } from './seed.ts';
import { sha256 as pureSha256 } from './sha256.ts';
import type { DrawInput, DrawOutcome, RosterHashes, SampleDesign, Sha256, SubjectEntry } from './types.ts';
import { validateAssignmentRules, validateDesign } from './validate-design.ts';
import { checkObject, checkText } from './validate-fields.ts';
import { ALGORITHM_VERSION } from './version.ts';

export interface DrawOptions {
  /**
   * A faster SHA-256 for the bulk hashing (roster snapshots, seed), e.g. node:crypto's;
   * results are identical. Tickets always use the built-in one, which is as fast for
   * 100-byte messages and reuses their constant first block.
   */
  readonly sha256?: Sha256;
}

function checkRosterHashes(input: DrawInput, actual: RosterHashes): void {
  const expected = input.expectedRosterHashes;
  for (const which of ['subjects', 'inspectors'] as const) {
    const want = expected?.[which];
    if (want !== undefined && want.toLowerCase() !== actual[which]) {
      throw new SamplingInputError('sampling.roster_hash_mismatch', `expectedRosterHashes.${which}: the ${which} roster is not the one the plan snapshotted`, `expectedRosterHashes.${which}`, {
        expected: want,
        actual: actual[which],
      });
    }
  }
}

function selectRfc3797(subjects: readonly SubjectEntry[], design: SampleDesign, keyString: string): Selection {
  const pool = sortById(subjects);
  const rule = design.strata[0]!;
  const n = allocatedSize(pool.length, rule);
  if (n > pool.length || n > RFC3797_SELECTIONS_MAX) {
    const max = Math.min(pool.length, RFC3797_SELECTIONS_MAX);
    throw new SamplingInputError('sampling.count_exceeds_stratum', `design.strata.0: ${n} selections exceed the ${max} possible`, 'design.strata.0.count', { expected: max, actual: n });
  }
  const steps = rfc3797Select(keyString, pool.length, n);
  const entries = steps.map((s) => pool[s.selected - 1]!);
  const drawn = steps.map((s, j) => ({ id: entries[j]!.id, stratum: '', via: 'allocation' as const, key: s.digestHex }));
  return { strata: [{ label: '', population: pool.length, allocated: n, drawn: n }], drawn, entries };
}

export function runDraw(input: DrawInput, options: DrawOptions = {}): DrawOutcome {
  const sha256 = options.sha256 ?? pureSha256;
  checkObject(input, 'input');
  const planId = checkText(input.planId, 'planId');
  validateDesign(input.design);
  validateAssignmentRules(input.assignment);
  const rosterHashes = { subjects: subjectRosterHash(input.subjects, sha256), inspectors: inspectorRosterHash(input.inspectors, sha256) };
  checkRosterHashes(input, rosterHashes);
  if (input.subjects.length === 0) throw new SamplingInputError('sampling.empty_roster', 'subjects: the subject roster is empty', 'subjects');
  const randomness = canonicalRandomness(input.randomness, sha256);
  const k = input.assignment.inspectorsPerSubject;
  const pool = buildPool(input.inspectors, input.assignment);
  if (pool.inspectors.length < k) {
    throw new SamplingInputError(
      'sampling.k_exceeds_eligible',
      `assignment.inspectorsPerSubject: ${k} inspectors per subject, but only ${pool.inspectors.length} eligible inspector(s)`,
      'assignment.inspectorsPerSubject',
      { expected: pool.inspectors.length, actual: k },
    );
  }
  const seed = deriveSeed(randomness, planId, rosterHashes, sha256);
  const keyString = input.design.method === 'rfc3797' ? rfc3797KeyString(randomness.rfc3797Sources) : undefined;
  const selection = keyString !== undefined ? selectRfc3797(input.subjects, input.design, keyString) : selectStratified(input.subjects, input.design, seed);
  const assigned = assignInspectors(selection.entries, pool, k, seed);
  const common = { algorithm: ALGORITHM_VERSION, seed: toHex(seed), rosterHashes };
  if (!assigned.ok) {
    const ids = assigned.problems.map((p) => p.subjectId).join(', ');
    return {
      ok: false,
      ...common,
      rule: 'recusal',
      message: `recusal leaves fewer than ${k} eligible inspectors for subject(s) ${ids}; no rule is relaxed`,
      subjects: selection.drawn,
      problems: assigned.problems,
    };
  }
  return {
    ok: true,
    ...common,
    ...(keyString !== undefined ? { rfc3797KeyString: keyString } : {}),
    strata: selection.strata,
    subjects: selection.drawn,
    assignments: assigned.assignments,
    load: assigned.load,
  };
}
