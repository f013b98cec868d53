import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Principal, Role } from '../access/roles.ts';
import type { Clock } from '../app/clock.ts';
import type { EventStore } from '../eventstore/port.ts';
import type { PersonalDataVault, PersonalField } from '../vault/port.ts';
import { PERSONAL_DATA_REVEALED, REVEAL_PURPOSES, type PersonalDataRevealed, type RevealPurpose } from '../vault/reveal.ts';
import { commandContext } from './command-route.ts';
import { principalOf } from './plugins/auth.ts';
import { ProblemError } from './problem.ts';
import { assertInRegion } from './region-scope.ts';

/**
 * Who may see which personal field unmasked (always on an explicit `?reveal=true` with a
 * purpose, within the principal's region, and recorded). Least privilege: each role sees
 * what its work needs — registrars register people and their accounts, reviewers check
 * identity against certificates, finance checks the account paid, inspectors contact
 * trainees. Auditors never: they audit the log, which holds no personal data.
 */
export const REVEAL_ROLES: Readonly<Record<PersonalField, readonly Role[]>> = {
  idNumber: ['registrar', 'reviewer', 'admin'],
  name: ['registrar', 'reviewer', 'finance', 'inspector', 'admin'],
  phone: ['registrar', 'reviewer', 'inspector', 'admin'],
  bankAccount: ['registrar', 'finance', 'admin'],
  bankName: ['registrar', 'finance', 'admin'],
  socialSecurityCard: ['registrar', 'reviewer', 'admin'],
};

/** Add to the querystring schema of a route that returns personal data: `Query.extend(RevealQuery.shape)`. */
export const RevealQuery = z.object({
  reveal: z.enum(['true', 'false']).optional().describe('true: unmasked values, for roles allowed to see them; the reveal is recorded as an event'),
  purpose: z.enum(REVEAL_PURPOSES).optional().describe('why the values are revealed; required with reveal=true'),
});

export type PersonalValues = Partial<Record<PersonalField, string>>;

export interface RevealDeps {
  vault: PersonalDataVault;
  /** The store the reveal record is appended to (the registry-validating one). */
  store: EventStore;
  clock: Clock;
  /**
   * Whether a cited case, whose stream exists, lies in the principal's region (throws
   * RegionScopeError when not; false when it is no case of its kind). Without it a
   * caseRef is checked for existence only.
   */
  caseInScope?: (principal: Principal, caseRef: string) => Promise<boolean>;
}

export interface PersonalDataInput {
  personRef: string;
  /** Region of the record the person is shown through (a trainee's registration region). */
  region: string | undefined;
  /** The masked forms the route would show anyway (from events or read models). */
  masked: PersonalValues;
  /** The stream of the case being worked, e.g. `application-{id}`: recorded with the reveal. */
  caseRef?: string;
}

export interface PersonalDataView {
  values: PersonalValues;
  /** Fields shown unmasked (empty when masked). */
  revealed: PersonalField[];
}

/**
 * Every reveal of one person's data goes to `reveal-{personRef}`: who looked, when and why,
 * in one place for a data subject's request (PIPL art. 45), and outside `pii-` so the record
 * outlives the erasure of the data. (The app layer's revealTrainee uses the same stream.)
 */
export function revealStream(personRef: string): string {
  return `reveal-${personRef}`;
}

function revealRequest(request: FastifyRequest): { reveal: boolean; purpose: RevealPurpose | undefined } {
  const q = request.url.indexOf('?');
  const params = new URLSearchParams(q < 0 ? '' : request.url.slice(q + 1));
  const parsed = RevealQuery.safeParse({ reveal: params.get('reveal') ?? undefined, purpose: params.get('purpose') ?? undefined });
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({ path: `querystring.${i.path.join('.')}`, message: i.message }));
    throw new ProblemError('validation-failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors });
  }
  return { reveal: parsed.data.reveal === 'true', purpose: parsed.data.purpose };
}

/**
 * A reveal's caseRef is its justification in the audit log, so it must name a case that
 * exists (a stream with events) and, where its kind says whose region it is, one in the
 * principal's region: else anyone could justify a look by a case that never was.
 * Refused before the vault is read or anything is written.
 */
async function assertCaseKnown(deps: RevealDeps, principal: Principal, caseRef: string): Promise<void> {
  const unknown = () =>
    new ProblemError('domain-rejection', `case ${caseRef} does not exist`, { code: 'reveal.unknown_case', errors: [{ path: 'querystring.caseRef', message: 'no such case' }] });
  if ((await deps.store.streamRevision(caseRef)) === undefined) throw unknown();
  if (deps.caseInScope && !(await deps.caseInScope(principal, caseRef))) throw unknown();
}

/**
 * The personal data a route shows: the masked forms, unless the request asks
 * `?reveal=true&purpose=…` and the principal's role may see the fields (REVEAL_ROLES) in
 * the record's region, citing a case that exists (if any). Then the fields its role may see are read from the vault and the
 * reveal is appended as a PersonalDataRevealed event BEFORE anything is returned: if the
 * append fails, the request fails and no value leaves. The answer is marked no-store.
 */
export async function personalDataFor(request: FastifyRequest, reply: FastifyReply, deps: RevealDeps, input: PersonalDataInput): Promise<PersonalDataView> {
  const { reveal, purpose } = revealRequest(request);
  if (!reveal) return { values: { ...input.masked }, revealed: [] };
  if (purpose === undefined) {
    throw new ProblemError('validation-failed', 'querystring.purpose: required with reveal=true', { errors: [{ path: 'querystring.purpose', message: 'required with reveal=true' }] });
  }
  const principal = principalOf(request);
  const shown = (Object.keys(input.masked) as PersonalField[]).filter((f) => REVEAL_ROLES[f].includes(principal.role));
  if (shown.length === 0) throw new ProblemError('forbidden', `role ${principal.role} may not see these personal data unmasked`, { reason: 'reveal' });
  assertInRegion(principal, input.region, 'person');
  if (input.caseRef !== undefined) await assertCaseKnown(deps, principal, input.caseRef);
  const record = await deps.vault.get(input.personRef);
  if (record === undefined) throw new ProblemError('personal-data-erased', 'no personal data is held for this person any more');
  const revealed = shown.filter((f) => record[f] !== undefined);
  if (revealed.length === 0) return { values: { ...input.masked }, revealed: [] };

  const ctx = commandContext(request, deps.clock);
  const stream = revealStream(input.personRef);
  const data: PersonalDataRevealed = { principalId: principal.id, role: principal.role, purpose, personRef: input.personRef, fields: revealed };
  if (input.caseRef !== undefined) data.caseRef = input.caseRef;
  const [id] = ctx.ids.forStep(stream, 1);
  await deps.store.append(
    stream,
    [
      {
        id: id!,
        type: PERSONAL_DATA_REVEALED,
        schemaVersion: 1,
        data,
        metadata: { actor: { id: principal.id, role: principal.role }, correlationId: ctx.correlationId, causationId: ctx.causationId, requestId: ctx.requestId, occurredAt: ctx.occurredAt },
      },
    ],
    'any',
  );
  reply.header('cache-control', 'no-store');
  const values: PersonalValues = { ...input.masked };
  for (const f of revealed) values[f] = record[f];
  return { values, revealed };
}
