import { instantToEpochMs, startOfBusinessDay } from '../../domain/calendar/business-date.ts';
import { COMMIT_LEAD_MIN_MS, drandRoundTimeMs, KNOWN_DRAND_CHAINS } from '../../domain/inspection-plan/commitment.ts';
import { DrawRecordSchema, type DrawRecord } from '../../domain/inspection-plan/draw-record.ts';
import {
  ALGORITHM_VERSION,
  drawOutcomeHash,
  inspectorRosterHash,
  isSamplingInputError,
  runDraw,
  sha256 as pureSha256,
  subjectRosterHash,
  type DrawOutcome,
  type Sha256,
} from '../../sampling/index.ts';

/**
 * `draw verify`: re-runs a draw from its published record alone and says whether the
 * record holds together. Pure (no I/O, no clock): the CLI reads the record, and the public
 * draw page can run the same code in a browser.
 *
 * The record matches when every check passes:
 * - record:      it is a draw record (taizhang.draw-record/1) of a plan that was drawn;
 * - algorithm:   the algorithm version it names is one this code implements;
 * - rosters:     each roster's SHA-256 recomputed from its entries is the hash published
 *                (and the one the outcome was drawn from);
 * - commitment:  the source was committed before its value could exist, and the value
 *                entered after;
 * - outcome hash: the published hash is the SHA-256 of the published outcome;
 * - re-run:      the draw re-run from the published inputs gives that same outcome.
 * Editing any input (a roster entry, the random value, a rate) or any part of the result
 * makes one of them fail.
 */

export interface VerifyCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface VerifyReport {
  readonly matches: boolean;
  readonly planId?: string;
  readonly checks: readonly VerifyCheck[];
  /** Facts worth knowing that the verdict does not rest on. */
  readonly notes: readonly string[];
}

const check = (name: string, ok: boolean, detail: string): VerifyCheck => ({ name, ok, detail });

function safeHash(outcome: unknown, sha256: Sha256): string | undefined {
  try {
    return drawOutcomeHash(outcome as DrawOutcome, sha256);
  } catch {
    return undefined;
  }
}

function rosterChecks(r: DrawRecord, sha256: Sha256): VerifyCheck[] {
  const subjects = subjectRosterHash(r.rosters.subjects.entries, sha256);
  const inspectors = inspectorRosterHash(r.rosters.inspectors.entries, sha256);
  const drawnFrom = r.draw?.outcome.rosterHashes;
  return [
    check('subject roster', subjects === r.rosters.subjects.hash && subjects === drawnFrom?.subjects, `SHA-256 of the ${r.rosters.subjects.entries.length} entries is ${subjects}; published ${r.rosters.subjects.hash}, drawn from ${drawnFrom?.subjects ?? '?'}`),
    check('inspector roster', inspectors === r.rosters.inspectors.hash && inspectors === drawnFrom?.inspectors, `SHA-256 of the ${r.rosters.inspectors.entries.length} entries is ${inspectors}; published ${r.rosters.inspectors.hash}, drawn from ${drawnFrom?.inspectors ?? '?'}`),
  ];
}

/** When the committed value could first exist, recomputed from the source. */
function valueNotBeforeMs(randomness: NonNullable<DrawRecord['randomness']>): number | undefined {
  const s = randomness.source;
  if (s.kind === 'lottery') return instantToEpochMs(startOfBusinessDay(s.drawDate));
  const chain = KNOWN_DRAND_CHAINS.get(s.chainHash) ?? randomness.chain;
  return chain ? drandRoundTimeMs(chain, s.round) : undefined;
}

/**
 * The commitment's own claims: committed (by the plan's `committedAt`) at least the lead
 * time before the value could exist, and the value entered after. The store's time of the
 * commitment event is reported as a note, not judged: a store clock proves nothing the
 * plan's own time does not, and records written with a simulated clock (the demo) would
 * fail for no fault of theirs. What proves the order to an outsider is a signed checkpoint
 * of the integrity log, published before the value existed, that includes the event.
 */
function commitmentCheck(r: DrawRecord, notes: string[]): VerifyCheck {
  const rnd = r.randomness;
  if (!rnd || !rnd.value || !rnd.enteredAt) return check('commitment', false, 'no committed source with an entered value');
  const notBefore = valueNotBeforeMs(rnd);
  if (notBefore === undefined) return check('commitment', false, 'the drand chain is unknown and its timing is not given');
  const problems: string[] = [];
  if (notBefore !== instantToEpochMs(rnd.valueNotBefore)) problems.push(`the value could first exist at ${new Date(notBefore).toISOString()}, not ${rnd.valueNotBefore}`);
  if (notBefore - instantToEpochMs(rnd.committedAt) < COMMIT_LEAD_MIN_MS) problems.push(`committed at ${rnd.committedAt}, less than ${COMMIT_LEAD_MIN_MS / 60_000} minutes before the value could exist`);
  if (instantToEpochMs(rnd.enteredAt) < notBefore) problems.push(`the value was entered at ${rnd.enteredAt}, before it could exist`);
  const stored = r.events.find((e) => e.type === 'InspectionPlanRandomnessCommitted');
  if (!stored) problems.push('the commitment event is not listed');
  else {
    const when = Date.parse(stored.recordedAt) < notBefore ? 'before' : 'AFTER';
    notes.push(`the commitment event ${stored.id} (position ${stored.position}) was stored at ${stored.recordedAt} by the store's clock, ${when} the value could exist; an integrity-log checkpoint published before ${rnd.valueNotBefore} that includes it proves the order`);
  }
  return problems.length === 0
    ? check('commitment', true, `committed at ${rnd.committedAt}, value could exist from ${rnd.valueNotBefore}, entered ${rnd.enteredAt}`)
    : check('commitment', false, problems.join('; '));
}

/** The first place the published and re-run outcomes part, for a person reading the report. */
function firstDifference(published: DrawOutcome, rerun: DrawOutcome): string {
  if (published.ok !== rerun.ok) return `published ${published.ok ? 'a success' : 'a failure'}, the re-run gives ${rerun.ok ? 'a success' : 'a failure'}`;
  if (published.seed !== rerun.seed) return `seed: published ${published.seed}, re-run ${rerun.seed}`;
  const a = published.subjects.map((s) => s.id).join(' ');
  const b = rerun.subjects.map((s) => s.id).join(' ');
  if (a !== b) return `subjects drawn: published [${a}], re-run [${b}]`;
  if (published.ok && rerun.ok) {
    for (let i = 0; i < Math.max(published.assignments.length, rerun.assignments.length); i++) {
      const p = published.assignments[i];
      const q = rerun.assignments[i];
      if (JSON.stringify(p) !== JSON.stringify(q)) return `inspectors of ${q?.subjectId ?? p?.subjectId}: published [${p?.inspectorIds.join(' ') ?? ''}], re-run [${q?.inspectorIds.join(' ') ?? ''}]`;
    }
  }
  return 'the outcomes differ in their keys, strata or load summary';
}

function rerunCheck(r: DrawRecord, sha256: Sha256, publishedHash: string | undefined): VerifyCheck {
  if (!r.randomness?.value || !r.draw) return check('re-run', false, 'nothing to re-run: the record has no value or no draw');
  let rerun: DrawOutcome;
  try {
    rerun = runDraw(
      {
        planId: r.planId,
        randomness: { source: r.randomness.source, value: r.randomness.value },
        subjects: r.rosters.subjects.entries,
        inspectors: r.rosters.inspectors.entries,
        design: r.design,
        assignment: r.assignment,
      },
      { sha256 },
    );
  } catch (err) {
    if (!isSamplingInputError(err)) throw err;
    return check('re-run', false, `the published inputs cannot be drawn: ${err.code}: ${err.message}`);
  }
  const hash = drawOutcomeHash(rerun, sha256);
  if (hash === publishedHash) return check('re-run', true, `re-run outcome ${hash}: ${rerun.subjects.length} subjects${rerun.ok ? `, ${rerun.assignments.length} teams` : ', failed on recusal'}`);
  return check('re-run', false, `re-run outcome ${hash} is not the published one (${publishedHash ?? 'unreadable'}): ${firstDifference(r.draw.outcome as DrawOutcome, rerun)}`);
}

/** `raw` is the record as parsed from JSON; the outcome is hashed as published, extra fields and all. */
export function verifyDrawRecord(raw: unknown, sha256: Sha256 = pureSha256): VerifyReport {
  const parsed = DrawRecordSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { matches: false, notes: [], checks: [check('record', false, `not a draw record: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`)] };
  }
  const r = parsed.data;
  if (!r.draw) return { matches: false, planId: r.planId, notes: [], checks: [check('record', false, `plan ${r.planId} is ${r.status}: it has not been drawn yet`)] };
  const rawOutcome = (raw as { draw: { outcome: unknown } }).draw.outcome;
  const publishedHash = safeHash(rawOutcome, sha256);
  const status = r.draw.outcome.ok ? 'drawn' : 'failed';
  const notes: string[] = [];
  const checks = [
    check('record', r.status === status, `plan ${r.planId}, ${r.status}, drawn at ${r.draw.drawnAt}${r.status === status ? '' : `: the outcome says ${status}`}`),
    check('algorithm', r.draw.algorithm === ALGORITHM_VERSION && r.draw.outcome.algorithm === ALGORITHM_VERSION, `the record names ${r.draw.algorithm}; this verifier implements ${ALGORITHM_VERSION}`),
    ...rosterChecks(r, sha256),
    commitmentCheck(r, notes),
    check('outcome hash', publishedHash === r.draw.outcomeHash, `SHA-256 of the published outcome is ${publishedHash ?? '(not canonical JSON)'}; the record states ${r.draw.outcomeHash}`),
    rerunCheck(r, sha256, publishedHash),
  ];
  return { matches: checks.every((c) => c.ok), planId: r.planId, checks, notes };
}
