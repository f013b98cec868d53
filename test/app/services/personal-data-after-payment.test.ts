import t from 'tap';
import fs from 'node:fs';
import path from 'node:path';
import { AMOUNT_FEN, givenApplication, givenMoneyWorld, fundFromStore } from './applications-fixtures.ts';
import { residentId } from './registry-fixtures.ts';
import { availableFen } from '../../../src/domain/fund/available.ts';

/**
 * Issue 3: after trainees are registered AND paid, no stored event holds their ID numbers,
 * names or account numbers (the raw store files are scanned byte for byte); and erasing one
 * person from the vault changes nothing the log needs: that person's application is still
 * reviewed, approved and paid, and the money stays conserved.
 */
t.test('registered and paid: the raw store holds no personal data; an erased person is still paid', async (t) => {
  const w = await givenMoneyWorld(t, 3);
  // The fixture registers trainee i with these values (registry-fixtures givenTrainees).
  const people = [0, 1, 2].map((i) => ({
    idNumber: residentId('360102', '19900101', String(100 + i).padStart(3, '0')),
    name: ['张三', '李四', '王五'][i]!,
    account: `6222 0200 0000 ${String(1000 + i)}`,
  }));
  t.ok(await w.app.deps.vault.has(w.refs[2]!), 'control: the vault knows trainee 2 before erasure');
  await givenApplication(w, 0, 'a-0', 'paid');
  await givenApplication(w, 1, 'a-1', 'paid');
  await w.app.deps.vault.erase(w.refs[2]!);
  t.notOk(await w.app.deps.vault.has(w.refs[2]!), 'erased');
  await givenApplication(w, 2, 'a-2', 'paid');

  const fund = await fundFromStore(w.app);
  t.equal(fund.totals.paidFen, 3 * AMOUNT_FEN, 'all three paid, the erased one too');
  t.equal(fund.totals.allocatedFen + fund.totals.recoveredFen + fund.totals.adjustedFen, availableFen(fund.totals) + fund.totals.committedFen + fund.totals.paidFen, 'money conserved');

  const dir = t.testdirName;
  const files = fs.readdirSync(dir).filter((f) => f.startsWith('events.sqlite'));
  t.ok(files.includes('events.sqlite'));
  const bytes = Buffer.concat(files.map((f) => fs.readFileSync(path.join(dir, f))));
  t.not(bytes.indexOf(Buffer.from(w.refs[0]!)), -1, 'control: the scan sees the events (a personRef is there)');
  t.not(bytes.indexOf(Buffer.from('FundPaymentInstructed')), -1, 'control: and the payments');
  for (const [i, p] of people.entries()) {
    const digits = p.account.replace(/\D/g, '');
    for (const [what, needle] of [['ID number', p.idNumber], ['birth date and sequence', p.idNumber.slice(6, 17)], ['name', p.name], ['account', p.account], ['account digits', digits]] as const) {
      t.equal(bytes.indexOf(Buffer.from(needle, 'utf8')), -1, `no ${what} of trainee ${i} in the store`);
    }
  }
});
