import t from 'tap';
import { parseCatalogueCommand } from '../../../src/domain/catalogue/commands.ts';
import { isRejection } from '../../../src/domain/decider.ts';

const valid = {
  type: 'AddProject',
  projectId: 'p1',
  occupationCode: '6-31-01-03',
  occupationName: '电工',
  level: 'junior',
  standardHours: 80,
  rateFen: 120_000,
  effectiveFrom: '2025-01-01',
  source: 'doc',
};

t.test('a valid command parses', async (t) => {
  const c = parseCatalogueCommand(valid);
  t.notOk(isRejection(c));
});

const bad: [string, Record<string, unknown>, string][] = [
  ['occupation code not in the classification shape', { occupationCode: '6310103' }, 'occupationCode'],
  ['unknown level', { level: 'master' }, 'level'],
  ['rate in yuan with decimals', { rateFen: 1200.5 }, 'rateFen'],
  ['zero hours', { standardHours: 0 }, 'standardHours'],
  ['impossible date', { effectiveFrom: '2025-02-30' }, 'effectiveFrom'],
  ['blank name', { occupationName: '   ' }, 'occupationName'],
  ['project id shaped like an identity number', { projectId: '360426199101010071' }, 'projectId'],
];
for (const [what, patch, field] of bad) {
  t.test(`${what} is refused naming ${field}`, async (t) => {
    const r = parseCatalogueCommand({ ...valid, ...patch });
    if (!isRejection(r)) return t.fail('expected a rejection');
    t.equal(r.code, 'catalogue.invalid_command');
    t.equal(r.field, field);
  });
}

t.test('an unknown command type is refused naming type', async (t) => {
  const r = parseCatalogueCommand({ ...valid, type: 'DeleteProject' });
  if (!isRejection(r)) return t.fail('expected a rejection');
  t.equal(r.field, 'type');
});
