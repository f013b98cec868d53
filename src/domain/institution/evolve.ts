import { assertNever } from '../decider.ts';
import type { InstitutionEvent } from './events.ts';
import type { LadderStep } from './sanctions-ladder.ts';
import type { InstitutionState, RegisteredInstitution, SanctionRecord, StatusSegment } from './state.ts';

function onRegistered(state: InstitutionState, f: (s: RegisteredInstitution) => RegisteredInstitution): InstitutionState {
  if (!state.registered) throw new Error('invariant violated: institution event before registration');
  return f(state);
}

function record(step: LadderStep, d: { on: string; reason: string; reference?: string | undefined; deadline?: string }): SanctionRecord {
  const r: SanctionRecord = { step, on: d.on, reason: d.reason };
  return {
    ...r,
    ...(d.reference === undefined ? {} : { reference: d.reference }),
    ...(d.deadline === undefined ? {} : { deadline: d.deadline }),
  };
}

function step(state: InstitutionState, segment: StatusSegment | undefined, sanction: SanctionRecord): InstitutionState {
  return onRegistered(state, (s) => ({
    ...s,
    statusTimeline: segment ? [...s.statusTimeline, segment] : s.statusTimeline,
    sanctions: [...s.sanctions, sanction],
  }));
}

export function evolveInstitution(state: InstitutionState, event: InstitutionEvent): InstitutionState {
  switch (event.type) {
    case 'InstitutionRegistered': {
      const { occupations, creditGrade, registeredOn, ...d } = event.data;
      return {
        registered: true,
        ...d,
        registeredOn,
        statusTimeline: [{ from: registeredOn, status: 'unlisted' }],
        occupationTimeline: [{ from: registeredOn, value: [...occupations].sort() }],
        gradeTimeline: [{ from: registeredOn, value: creditGrade }],
        sanctions: [],
      };
    }
    case 'InstitutionListed': {
      const d = event.data;
      return onRegistered(state, (s) => ({ ...s, statusTimeline: [...s.statusTimeline, { from: d.listedOn, status: 'listed' }] }));
    }
    case 'InstitutionOccupationsChanged': {
      const d = event.data;
      return onRegistered(state, (s) => ({ ...s, occupationTimeline: [...s.occupationTimeline, { from: d.effectiveOn, value: [...d.occupations].sort() }] }));
    }
    case 'InstitutionCreditGradeChanged': {
      const d = event.data;
      return onRegistered(state, (s) => ({ ...s, gradeTimeline: [...s.gradeTimeline, { from: d.effectiveOn, value: d.creditGrade }] }));
    }
    case 'InstitutionInterviewed':
      return step(state, undefined, record('interview', event.data));
    case 'InstitutionRectificationNoticeIssued':
      return step(state, undefined, record('rectificationNotice', event.data));
    case 'InstitutionSuspended': {
      const d = event.data;
      return step(state, { from: d.from, status: 'suspended', until: d.to }, record('suspend', { ...d, on: d.from }));
    }
    case 'InstitutionSuspensionLifted':
      return step(state, { from: event.data.on, status: 'listed' }, record('liftSuspension', event.data));
    case 'InstitutionDelisted':
      return step(state, { from: event.data.on, status: 'delisted' }, record('delist', event.data));
    case 'InstitutionBlacklisted': {
      const d = event.data;
      const segment: StatusSegment = d.until === undefined ? { from: d.from, status: 'blacklisted' } : { from: d.from, status: 'blacklisted', until: d.until };
      return step(state, segment, record('blacklist', { ...d, on: d.from }));
    }
    case 'InstitutionRemovedFromBlacklist':
      return step(state, { from: event.data.on, status: 'delisted' }, record('removeFromBlacklist', event.data));
    case 'InstitutionLicenceRevoked':
      return step(state, { from: event.data.on, status: 'revoked' }, record('revokeLicence', event.data));
    default:
      return assertNever(event);
  }
}
