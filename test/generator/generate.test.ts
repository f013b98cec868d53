import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { openApp } from '../../src/app/open-app.ts';
import { validateCreditCode } from '../../src/domain/identity/credit-code.ts';
import { validateResidentId } from '../../src/domain/identity/resident-id.ts';
import { eventDigest } from '../../src/generator/event-digest.ts';
import { FRAUD_KINDS } from '../../src/generator/fraud-tally.ts';
import { generate, type GenerateReport } from '../../src/generator/generate.ts';
import { creditCode, residentId, withWrongCheckChar } from '../../src/generator/identities.ts';
import { PRESETS, type GeneratorPreset } from '../../src/generator/presets.ts';
import { createRng } from '../../src/generator/prng.ts';

/** The tiny preset, smaller still: two cities, three classes, fraud at high rates so each kind occurs. */
const PRESET: GeneratorPreset = { ...PRESETS.tiny, counts: { institutions: 4, trainees: 36, classSize: 12, cities: 2 } };
const SEED = 42;

async function runIn(dir: string, concurrency: number): Promise<{ report: GenerateReport; digest: string; events: number }> {
  const app = await openApp({ storeUrl: 'sqlite:', dataDir: dir, maxEventBytes: 1 << 20 });
  try {
    const report = await generate(app.deps, { seed: SEED, preset: PRESET, concurrency });
    const { digest, events } = await eventDigest(app.rawStore);
    return { report, digest, events };
  } finally {
    await app.close();
  }
}

t.test('a tiny province, generated twice from one seed', async (t) => {
  const first = t.testdir({});
  const a = await runIn(first, 3);
  // The pseudonym key is made on first start; the second data dir gets the same one, as a restored backup would.
  const second = path.join(first, 'again');
  fs.mkdirSync(path.join(second, 'keys'), { recursive: true, mode: 0o700 });
  fs.chmodSync(path.join(second, 'keys'), 0o700);
  fs.copyFileSync(path.join(first, 'keys', 'pseudonym.key'), path.join(second, 'keys', 'pseudonym.key'));
  const b = await runIn(second, 1);

  t.test('gives the same events (digest), whatever the lanes interleave', async (t) => {
    t.ok(a.events > 300, `${a.events} events written`);
    t.equal(b.events, a.events);
    t.equal(b.digest, a.digest);
    t.same(b.report, a.report, 'and the same report');
  });

  t.test('reports every injected fraud as refused or flagged, per kind', async (t) => {
    for (const kind of FRAUD_KINDS) {
      const c = a.report.fraud[kind];
      t.ok(c.attempted > 0, `${kind}: attempted ${c.attempted}`);
      t.equal(c.refused + c.flagged, c.attempted, `${kind}: refused ${c.refused} + flagged ${c.flagged} == attempted`);
      t.equal(c.missed, 0, `${kind}: none accepted as honest`);
      t.equal(Object.values(c.codes).reduce((x, y) => x + y, 0), c.refused + c.flagged, `${kind}: every answer has a code`);
    }
  });

  t.test('drives the whole business: paid, rejected, drawn, inspected', async (t) => {
    const s = a.report.stats;
    t.equal(s.trainees >= PRESET.counts.trainees, true, 'every planned trainee registered');
    t.ok(s.paid > 0 && s.paidFen > 0, 'applications paid');
    t.equal(s.paid + s.rejectedAtReview, s.applications, 'every honest application paid or rejected at review');
    t.equal(s.draws, 1, 'one public draw');
    t.ok(s.inspections > 0, `${s.inspections} drawn institutions inspected`);
    t.ok(s.findings > 0 && s.findingsClosed <= s.findings, `${s.findings} findings raised, ${s.findingsClosed} rectified and closed`);
    t.ok(s.recoveryOrders > 0, `${s.recoveryOrders} recovery orders, recovered in full`);
  });
});

t.test('a different seed gives a different province', async (t) => {
  const a = createRng(1);
  const b = createRng(2);
  t.not([a.next(), a.next()].join(), [b.next(), b.next()].join());
  t.equal(createRng(9).fork('x').int(0, 1e9), createRng(9).fork('x').int(0, 1e9), 'forks are seeded by label');
});

t.test('synthetic identities are valid, and the fake ones are not', async (t) => {
  const rng = createRng(3);
  for (let i = 0; i < 50; i++) {
    t.equal(validateCreditCode(creditCode(rng, '360100')).valid, true);
    const id = residentId(rng, '360102', i);
    t.equal(validateResidentId(id).valid, true);
    const fake = validateResidentId(withWrongCheckChar(id));
    t.equal(fake.valid ? 'valid' : fake.reason, 'check_char');
  }
});
