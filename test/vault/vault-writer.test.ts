import t from 'tap';
import { SqliteVault } from '../../src/vault/sqlite-vault.ts';
import { VaultWriteQueue, type VaultWriteExecutor } from '../../src/vault/vault-writer.ts';
import type { VaultWrite } from '../../src/vault/vault-writes.ts';
import { li, refOf, vaultContract, zhang } from './vault-contract.ts';

t.test('contract, writes committed on the calling thread', async (t) => {
  vaultContract(t, async (t, options) => SqliteVault.open(t.testdir(), { ...options, writer: 'inline' }));
});

/** An executor that commits only when the test says so, and remembers each group. */
function heldExecutor() {
  const groups: VaultWrite[][] = [];
  const commits: { resolve: (changed: boolean[]) => void; reject: (e: Error) => void }[] = [];
  const executor: VaultWriteExecutor = {
    write: (writes) => {
      groups.push(writes);
      return new Promise((resolve, reject) => commits.push({ resolve, reject }));
    },
    close: async () => {},
  };
  return { executor, groups, commits };
}

const put = (n: number): VaultWrite => ({ kind: 'put', personRef: `p_${String(n).padStart(22, 'A')}`, sealed: new Uint8Array([n]), writtenAt: '2026-03-02T01:00:00.000Z' });
const tick = () => new Promise((resolve) => setImmediate(resolve));

t.test('writes arriving together share one transaction; later ones wait for it and form the next', async (t) => {
  const { executor, groups, commits } = heldExecutor();
  const queue = new VaultWriteQueue(executor);
  const settled: number[] = [];
  const first = Array.from({ length: 50 }, (_, n) => queue.submit(put(n)).then(() => settled.push(n)));
  await tick();
  t.equal(groups.length, 1, 'one group for the 50 writes of one tick');
  t.same(
    groups[0]?.map((w) => w.personRef),
    Array.from({ length: 50 }, (_, n) => put(n).personRef),
    'in arrival order',
  );

  const second = [queue.submit(put(50)), queue.submit({ kind: 'erase', personRef: put(0).personRef })];
  await tick();
  t.equal(groups.length, 1, 'nothing more is sent while the first group is being committed');
  t.same(settled, [], 'no write is acknowledged before its transaction is durable');

  commits[0]?.resolve(Array.from({ length: 50 }, () => true));
  await Promise.all(first);
  t.equal(settled.length, 50);
  await tick();
  t.equal(groups.length, 2, 'what waited is the next group');
  t.same(groups[1]?.map((w) => w.kind), ['put', 'erase']);
  commits[1]?.resolve([true, false]);
  t.same(await Promise.all(second), [true, false], 'each caller gets its own answer');
  await queue.drain();
});

t.test('a failed transaction fails every write in it, and the queue goes on', async (t) => {
  const { executor, commits } = heldExecutor();
  const queue = new VaultWriteQueue(executor);
  const doomed = [queue.submit(put(1)), queue.submit(put(2))];
  await tick();
  commits[0]?.reject(new Error('SQLITE_FULL: database or disk is full'));
  for (const p of doomed) await t.rejects(p, /disk is full/);
  const next = queue.submit(put(3));
  await tick();
  commits[1]?.resolve([true]);
  t.equal(await next, true);
});

t.test('on the writer thread: order kept across concurrent writes, close waits for pending writes', async (t) => {
  const dataDir = t.testdir();
  const vault = SqliteVault.open(dataDir);
  const liRef = refOf(li.idNumber);
  const zhangRef = refOf(zhang.idNumber);
  // Not awaited one by one: they travel together, the erase after the put of the same person.
  const putZhang = vault.put(zhangRef, zhang);
  const eraseZhang = vault.erase(zhangRef);
  const putLi = vault.put(liRef, li);
  await putZhang;
  t.equal(await eraseZhang, true, 'the erase ran after the put it followed');
  await putLi;
  t.equal(await vault.get(zhangRef), undefined);
  t.same(await vault.get(liRef), li, 'read back on the reading connection once acknowledged');

  const pending = vault.put(zhangRef, zhang);
  await vault.close();
  await pending;
  await t.rejects(vault.put(zhangRef, zhang), /vault is closed/, 'a closed vault refuses writes');
  const reopened = SqliteVault.open(dataDir);
  t.teardown(() => reopened.close());
  t.same(await reopened.get(zhangRef), zhang, 'the put submitted before close is on disk');
});
