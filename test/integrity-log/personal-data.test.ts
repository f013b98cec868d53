import t from 'tap';
import fs from 'node:fs';
import path from 'node:path';
import { isValidResidentId } from '../../src/domain/identity/resident-id.ts';
import { domainLog, exportTo } from './bundle-fixture.ts';

/** Every file of a directory, recursively, as text. */
function filesOf(dir: string): { name: string; text: string }[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).flatMap((e) => {
    if (!e.isFile()) return [];
    const full = path.join(e.parentPath, e.name);
    return [{ name: path.relative(dir, full), text: fs.readFileSync(full, 'utf8') }];
  });
}

/** Every valid 18-character resident ID number in `text` (GB 11643 check character), wherever it is embedded. */
function residentIdsIn(text: string): string[] {
  const found: string[] = [];
  for (let i = 0; i + 18 <= text.length; i++) {
    const candidate = text.slice(i, i + 18);
    if (/^\d{17}[\dXx]$/.test(candidate) && isValidResidentId(candidate)) found.push(candidate);
  }
  return found;
}

const digitsOnly = (s: string) => s.replace(/\D/g, '');

t.test('a bundle holds no personal data: no resident ID number, name, account or phone number of anyone registered', async (t) => {
  const dir = t.testdir();
  const dataDir = path.join(dir, 'data');
  const secrets = await domainLog(dataDir, 7);
  const bundle = path.join(dir, 'bundle');
  await exportTo(dataDir, bundle);
  const files = filesOf(bundle);
  t.ok(files.length >= 6);
  const events = files.find((f) => f.name === 'events.ndjson')!.text;
  t.equal(events.match(/"type":"TraineeRegistered"/g)?.length, 7, 'the registrations are in the bundle (as pseudonyms and masked forms)');
  t.match(events, /"personRef":"p_/);

  for (const { name, text } of files) {
    t.same(residentIdsIn(text), [], `${name}: no valid 18-character resident ID number`);
    const flat = digitsOnly(text);
    for (const id of secrets.idNumbers) t.notOk(text.includes(id) || flat.includes(digitsOnly(id).slice(0, 17)), `${name}: not the ID number typed in, nor its 17 digits`);
    for (const person of secrets.names) t.notOk(text.includes(person), `${name}: not the name ${person.length} characters long`);
    for (const account of secrets.accounts) {
      t.notOk(text.includes(account) || flat.includes(digitsOnly(account)), `${name}: not the bank account, grouped or not`);
    }
    for (const phone of secrets.phones) t.notOk(flat.includes(phone), `${name}: not the phone number`);
  }

  // The scan itself can fail: it finds a number embedded in other text.
  t.same(residentIdsIn(`x${secrets.idNumbers[0]}y`), [secrets.idNumbers[0]], 'negative control: the scanner finds an embedded ID number');
});
