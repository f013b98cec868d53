import t, { type Test } from 'tap';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { openSqlite } from '../../src/shared/sqlite-connection.ts';
import { DigestError, digestTables } from '../../src/projections/digest.ts';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

function db(t: Test) {
  const d = openSqlite(path.join(t.testdir(), 'digest.sqlite'));
  t.teardown(() => d.close());
  return d;
}

t.test('the canonical text is the documented one, byte for byte', async (t) => {
  const d = db(t);
  d.exec(`CREATE TABLE b (k TEXT PRIMARY KEY, n INTEGER, r REAL, s TEXT, x BLOB) STRICT;
          CREATE TABLE a (id INTEGER PRIMARY KEY, v TEXT) STRICT;`);
  // Inserted out of key order; 'B' < 'a' < 'é' in binary (UTF-8 byte) order.
  d.prepare('INSERT INTO b VALUES (?, ?, ?, ?, ?)').run('é', -5, 0.1, 'quote " and \n newline', Buffer.from([0, 255]));
  d.prepare('INSERT INTO b VALUES (?, ?, ?, ?, ?)').run('a', 9007199254740991n, 1e21, null, null);
  d.prepare('INSERT INTO b VALUES (?, ?, ?, ?, ?)').run('B', 0, 2.5, '中文', null);
  d.prepare('INSERT INTO a VALUES (?, ?)').run(2, 'two');
  d.prepare('INSERT INTO a VALUES (?, ?)').run(1, 'one');
  const lines: string[] = [];
  const digest = digestTables(d, [{ table: 'b', key: ['k'] }, { table: 'a', key: ['id'] }], (l) => lines.push(l));
  const expectedB = [
    '{"columns":["k","n","r","s","x"],"table":"b"}',
    '["B",0,2.5,"中文",null]',
    '["a",9007199254740991,1e+21,null,null]',
    '["é",-5,0.1,"quote \\" and \\n newline",{"blob":"00ff"}]',
  ];
  const expectedA = ['{"columns":["id","v"],"table":"a"}', '[1,"one"]', '[2,"two"]'];
  t.same(lines, [...expectedB, ...expectedA], 'tables in listed order, rows in binary key order, values encoded as documented');
  const text = (ls: string[]) => ls.map((l) => `${l}\n`).join('');
  t.equal(digest.sha256, sha256(text([...expectedB, ...expectedA])), 'sha256 over all lines, each ending in \\n');
  t.same(digest.tables, [
    { table: 'b', rows: 3, sha256: sha256(text(expectedB)) },
    { table: 'a', rows: 2, sha256: sha256(text(expectedA)) },
  ]);
});

t.test('the digest does not depend on insertion order or on the table order in the file', async (t) => {
  const dir = t.testdir();
  const one = openSqlite(path.join(dir, 'one.sqlite'));
  const two = openSqlite(path.join(dir, 'two.sqlite'));
  t.teardown(() => {
    one.close();
    two.close();
  });
  one.exec('CREATE TABLE p (k TEXT PRIMARY KEY, v INTEGER) STRICT; CREATE TABLE q (k INTEGER PRIMARY KEY) STRICT;');
  two.exec('CREATE TABLE q (k INTEGER PRIMARY KEY) STRICT; CREATE TABLE p (k TEXT PRIMARY KEY, v INTEGER) STRICT;');
  for (const [k, v] of [['x', 1], ['y', 2], ['z', 3]] as const) one.prepare('INSERT INTO p VALUES (?, ?)').run(k, v);
  for (const [k, v] of [['z', 3], ['x', 1], ['y', 2]] as const) two.prepare('INSERT INTO p VALUES (?, ?)').run(k, v);
  const tables = [{ table: 'p', key: ['k'] }, { table: 'q', key: ['k'] }];
  t.equal(digestTables(one, tables).sha256, digestTables(two, tables).sha256);
  two.prepare('UPDATE p SET v = 4 WHERE k = ?').run('y');
  t.not(digestTables(one, tables).sha256, digestTables(two, tables).sha256, 'one changed value changes it');
});

t.test('an empty table still contributes its header', async (t) => {
  const d = db(t);
  d.exec('CREATE TABLE e (k TEXT PRIMARY KEY) STRICT; CREATE TABLE f (k TEXT PRIMARY KEY) STRICT;');
  const both = digestTables(d, [{ table: 'e', key: ['k'] }, { table: 'f', key: ['k'] }]);
  const one = digestTables(d, [{ table: 'e', key: ['k'] }]);
  t.not(both.sha256, one.sha256);
  t.equal(both.tables[0]?.rows, 0);
});

t.test('refuses what it cannot encode exactly or order totally', async (t) => {
  const d = db(t);
  d.exec('CREATE TABLE big (k INTEGER PRIMARY KEY, v INTEGER) STRICT; CREATE TABLE dup (k TEXT, v INTEGER) STRICT; CREATE TABLE inf (k INTEGER PRIMARY KEY, v REAL) STRICT;');
  d.prepare('INSERT INTO big VALUES (1, ?)').run(9007199254740992n);
  d.prepare('INSERT INTO dup VALUES (?, ?)').run('same', 1);
  d.prepare('INSERT INTO dup VALUES (?, ?)').run('same', 2);
  d.prepare('INSERT INTO inf VALUES (1, ?)').run(Number.POSITIVE_INFINITY);
  t.throws(() => digestTables(d, [{ table: 'big', key: ['k'] }]), { name: 'DigestError', table: 'big', message: /v holds 9007199254740992/ });
  t.throws(() => digestTables(d, [{ table: 'dup', key: ['k'] }]), { name: 'DigestError', table: 'dup', message: /key must be unique/ });
  t.throws(() => digestTables(d, [{ table: 'inf', key: ['k'] }]), { name: 'DigestError', table: 'inf', message: /no JSON form/ });
  t.throws(() => digestTables(d, [{ table: 'nope', key: ['k'] }]), DigestError);
  t.throws(() => digestTables(d, [{ table: 'big', key: ['missing'] }]), { message: /key column missing/ });
});
