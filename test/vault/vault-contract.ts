// The behaviour every PersonalDataVault adapter shares; run by sqlite-vault.test.ts and
// esdb-vault.test.ts. Not a test file itself (no .test.ts suffix).
import type { Test } from 'tap';
import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { personRef } from '../../src/pseudonym/person-ref.ts';
import { VaultInputError } from '../../src/vault/errors.ts';
import type { PersonalDataVault, PersonalRecord, VaultOptions } from '../../src/vault/port.ts';

export type RefOf = (idNumber: string) => string;

/** A pseudonym function under a fresh random key: refs (and ESDB streams) no other test uses. */
export function freshRefOf(): RefOf {
  const key: KeyObject = createSecretKey(randomBytes(32));
  return (idNumber) => personRef(key, idNumber);
}

export const refOf: RefOf = freshRefOf();

export const zhang: PersonalRecord = {
  idNumber: '11010519491231002X',
  name: '张秀兰',
  phone: '13912345678',
  bankAccount: '6222020200112233445',
  bankName: '中国工商银行南昌分行',
};
export const li: PersonalRecord = { idNumber: '360426199101010071', name: '李建国' };

/** Opens a fresh, empty vault; the contract closes it. */
export type OpenVault = (t: Test, options: VaultOptions) => Promise<PersonalDataVault>;

export function vaultContract(t: Test, open: OpenVault): void {
  const withVault = (name: string, fn: (t: Test, vault: PersonalDataVault, refOf: RefOf) => Promise<void>): void => {
    t.test(name, async (t) => {
      const refOf = freshRefOf();
      const vault = await open(t, { personRefOf: refOf });
      t.teardown(() => vault.close());
      await fn(t, vault, refOf);
    });
  };

  withVault('a stored record reads back whole', async (t, vault, refOf) => {
    await vault.put(refOf(zhang.idNumber), zhang);
    await vault.put(refOf(li.idNumber), li);
    t.same(await vault.get(refOf(zhang.idNumber)), zhang);
    t.strictSame(await vault.get(refOf(li.idNumber)), li, 'absent optional fields stay absent');
    t.equal(await vault.has(refOf(zhang.idNumber)), true);
  });

  withVault('an unknown person has no record', async (t, vault, refOf) => {
    t.equal(await vault.get(refOf(li.idNumber)), undefined);
    t.equal(await vault.has(refOf(li.idNumber)), false);
    t.equal(await vault.erase(refOf(li.idNumber)), false);
  });

  withVault('put replaces the previous record (a retried registration is harmless)', async (t, vault, refOf) => {
    const ref = refOf(zhang.idNumber);
    await vault.put(ref, zhang);
    const moved = { ...zhang, phone: '13800001111', bankAccount: undefined };
    delete moved.bankAccount;
    await vault.put(ref, moved);
    t.strictSame(await vault.get(ref), moved);
  });

  withVault('erase removes the record for good, and only that one', async (t, vault, refOf) => {
    const ref = refOf(zhang.idNumber);
    await vault.put(ref, zhang);
    await vault.put(refOf(li.idNumber), li);
    t.equal(await vault.erase(ref), true);
    t.equal(await vault.get(ref), undefined);
    t.equal(await vault.has(ref), false);
    t.equal(await vault.erase(ref), false, 'a second erase finds nothing');
    t.same(await vault.get(refOf(li.idNumber)), li, 'the other person is untouched');
  });

  withVault('a person who returns after erasure can be stored again', async (t, vault, refOf) => {
    const ref = refOf(li.idNumber);
    await vault.put(ref, li);
    await vault.erase(ref);
    const back = { ...li, phone: '13700002222' };
    await vault.put(ref, back);
    t.same(await vault.get(ref), back);
  });

  withVault('bad input is refused with the field named and no value repeated', async (t, vault, refOf) => {
    const ref = refOf(zhang.idNumber);
    const cases: [string, () => Promise<unknown>, string][] = [
      ['a raw ID number as the ref', () => vault.put(zhang.idNumber, zhang), 'personRef'],
      ['a raw ID number to get', () => vault.get(zhang.idNumber), 'personRef'],
      ['a raw ID number to erase', () => vault.erase(zhang.idNumber), 'personRef'],
      ['no name', () => vault.put(ref, { idNumber: zhang.idNumber } as PersonalRecord), 'record.name'],
      ['a number as phone', () => vault.put(ref, { ...zhang, phone: 139 } as unknown as PersonalRecord), 'record.phone'],
      ['an empty name', () => vault.put(ref, { ...zhang, name: '' }), 'record.name'],
      ['an unknown field', () => vault.put(ref, { ...zhang, email: 'a@b.cn' } as PersonalRecord), 'record'],
      ['another person\'s ref', () => vault.put(refOf(li.idNumber), zhang), 'personRef'],
      ['a malformed ID number', () => vault.put(ref, { ...zhang, idNumber: '123' }), 'record.idNumber'],
    ];
    for (const [what, call, field] of cases) {
      const err = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      t.ok(err instanceof VaultInputError, what);
      t.equal((err as VaultInputError).field, field, `${what}: field`);
      for (const value of [zhang.idNumber, zhang.name, zhang.phone!]) {
        t.notOk(String((err as Error).message).includes(value), `${what}: message repeats no value`);
      }
    }
    t.equal(await vault.has(ref), false, 'nothing was stored');
  });
}
