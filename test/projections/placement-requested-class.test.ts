import path from 'node:path';
import t, { type Test } from 'tap';
import { applications } from '../../projections/applications/projection.ts';
import { paymentTrace } from '../../projections/payment-trace/projection.ts';
import { personInRegion } from '../../projections/shared/placement.ts';
import { traineeHistory } from '../../projections/trainee-history/projection.ts';
import type { RecordedEvent } from '../../src/eventstore/port.ts';
import type { ProjectionDefinition } from '../../src/projections/definition.ts';
import { openReader } from '../../src/projections/readmodel-file.ts';
import { replayToDigest } from '../../src/projections/replay.ts';

/**
 * The read models' placement of people (projections/shared/placement.ts) mirrors the
 * enrolment index of the commands: a class opening only requested places no one in its
 * institution's region; its approval does (R2 item 5). Before, a request of 360200 listing
 * a 360100 person put them in 360200 for /api/v1/trainees/:ref/subsidies, the application
 * lists and the payment traces.
 */

let position = 0n;
function recorded(stream: string, type: string, data: unknown): RecordedEvent {
  position += 1n;
  return {
    id: `0190a000-0000-7000-8000-${String(position).padStart(12, '0')}`,
    stream,
    revision: 0n,
    position,
    type,
    schemaVersion: 1,
    data,
    metadata: { actor: { id: 'reg', role: 'registrar' }, correlationId: 'c', causationId: 'c', requestId: 'r', occurredAt: '2026-03-01T09:00:00.000+08:00' },
    recordedAt: '2026-03-01T01:00:00.000Z',
  } as RecordedEvent;
}

const requested = (classId: string, institutionId: string, roster: string[]) =>
  recorded(`class-${classId}`, 'ClassOpeningRequested', { classId, institutionId, startOn: '2026-03-02', endOn: '2026-03-13', roster });
const approved = (classId: string) => recorded(`class-${classId}`, 'ClassOpeningApproved', { reviewerId: 'rev', decidedOn: '2026-03-01' });

const base = [
  recorded('institution-I1', 'InstitutionRegistered', { creditCode: 'I1', regionCode: '360100' }),
  recorded('institution-I2', 'InstitutionRegistered', { creditCode: 'I2', regionCode: '360200' }),
  requested('C1', 'I1', ['dora']),
  approved('C1'),
  // A registrar of 360200 lists dora (of 360100) and emil on a request never decided.
  requested('C2', 'I2', ['dora', 'emil']),
];

function placed(t: Test, definition: ProjectionDefinition, events: RecordedEvent[], name: string): (ref: string, prefix: string | undefined) => boolean {
  const file = path.join(t.testdirName, `${definition.name}-${name}.sqlite`);
  replayToDigest(definition, events, file, 2);
  const db = openReader(file);
  t.teardown(() => db.close());
  return (ref, prefix) => personInRegion(db, ref, prefix);
}

for (const definition of [traineeHistory, applications, paymentTrace]) {
  t.test(`${definition.name}: a class only requested places no one in its region; its approval does`, async (t) => {
    t.testdir();
    const before = placed(t, definition, base, 'requested');
    t.equal(before('dora', '3601'), true, 'the approved class of 360100');
    t.equal(before('dora', '3602'), false, 'the request of 360200 adds nothing');
    t.equal(before('emil', '3602'), false, 'on a request alone: in no region');
    t.equal(before('emil', '36'), false, 'nor in the province, for a principal scoped to it');
    t.equal(before('emil', undefined), true, 'principals without a region see everyone');

    const after = placed(t, definition, [...base, approved('C2')], 'approved');
    t.equal(after('dora', '3602'), true, 'approved: in 360200 too');
    t.equal(after('dora', '3601'), true);
    t.equal(after('emil', '3602'), true);
  });
}
