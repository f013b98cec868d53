import t, { type Test } from 'tap';
import fs from 'node:fs';
import path from 'node:path';
import { openSqlite, type SqliteDatabase } from '../../src/shared/sqlite-connection.ts';
import { applyMigrations, MigrationError } from '../../src/shared/sqlite-migrations.ts';

function setup(t: Test, files: Record<string, string>): { dir: string; db: () => SqliteDatabase } {
  const root = t.testdir({ migrations: files });
  const dir = path.join(root, 'migrations');
  const dbs: SqliteDatabase[] = [];
  t.teardown(() => dbs.forEach((d) => d.open && d.close()));
  return {
    dir,
    db: () => {
      const d = openSqlite(path.join(root, 'test.sqlite'));
      dbs.push(d);
      return d;
    },
  };
}

function tables(db: SqliteDatabase): string[] {
  return (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}

t.test('applies pending files in order, records them, and is a no-op the second time', async (t) => {
  const { dir, db } = setup(t, {
    '0002_b.sql': 'CREATE TABLE b (x INTEGER REFERENCES a(x));',
    '0001_a.sql': 'CREATE TABLE a (x INTEGER PRIMARY KEY);',
    'README.md': 'not a migration',
  });
  const d = db();
  t.same(applyMigrations(d, dir), ['0001_a.sql', '0002_b.sql']);
  t.same(tables(d), ['a', 'b', 'schema_migrations']);
  const rows = d.prepare('SELECT name, sha256 FROM schema_migrations ORDER BY name').all() as { name: string; sha256: string }[];
  t.same(rows.map((r) => r.name), ['0001_a.sql', '0002_b.sql']);
  t.match(rows[0]!.sha256, /^[0-9a-f]{64}$/);
  t.same(applyMigrations(d, dir), []);
  fs.writeFileSync(path.join(dir, '0003_c.sql'), 'CREATE TABLE c (y TEXT);');
  t.same(applyMigrations(db(), dir), ['0003_c.sql'], 'a new file applies on the next start');
});

t.test('a failing migration rolls back entirely and is not recorded', async (t) => {
  const { dir, db } = setup(t, {
    '0001_a.sql': 'CREATE TABLE a (x INTEGER);',
    '0002_bad.sql': 'CREATE TABLE half (x INTEGER); INSERT INTO nowhere VALUES (1);',
  });
  const d = db();
  t.throws(() => applyMigrations(d, dir), /no such table: nowhere/);
  t.same(tables(d), ['a', 'schema_migrations'], 'the half-applied table is gone');
  const names = d.prepare('SELECT name FROM schema_migrations').pluck().all();
  t.same(names, ['0001_a.sql']);
});

t.test('refuses to start when an applied file changed', async (t) => {
  const { dir, db } = setup(t, { '0001_a.sql': 'CREATE TABLE a (x INTEGER);' });
  applyMigrations(db(), dir);
  fs.writeFileSync(path.join(dir, '0001_a.sql'), 'CREATE TABLE a (x INTEGER, y TEXT);');
  const err = t.throws(() => applyMigrations(db(), dir)) as MigrationError;
  t.ok(err instanceof MigrationError);
  t.equal(err.migration, '0001_a.sql');
  t.match(err.message, /changed after it was applied/);
});

t.test('refuses when an applied file is missing or a new file sorts before an applied one', async (t) => {
  const { dir, db } = setup(t, { '0001_a.sql': 'CREATE TABLE a (x INTEGER);', '0003_c.sql': 'CREATE TABLE c (x INTEGER);' });
  applyMigrations(db(), dir);
  fs.writeFileSync(path.join(dir, '0002_b.sql'), 'CREATE TABLE b (x INTEGER);');
  t.throws(() => applyMigrations(db(), dir), { name: 'MigrationError', migration: '0002_b.sql', message: /sorts before 0003_c.sql/ });
  fs.rmSync(path.join(dir, '0002_b.sql'));
  fs.rmSync(path.join(dir, '0001_a.sql'));
  t.throws(() => applyMigrations(db(), dir), { name: 'MigrationError', migration: '0001_a.sql', message: /file is missing/ });
});

t.test('refuses misnamed and duplicate-numbered files before touching the database', async (t) => {
  const bad = setup(t, { '1_a.sql': 'CREATE TABLE a (x INTEGER);' });
  t.throws(() => applyMigrations(bad.db(), bad.dir), { migration: '1_a.sql', message: /NNNN_lower_snake_name/ });
  const dup = setup(t, { '0001_a.sql': 'CREATE TABLE a (x INTEGER);', '0001_b.sql': 'CREATE TABLE b (x INTEGER);' });
  const d = dup.db();
  t.throws(() => applyMigrations(d, dup.dir), { migration: '0001_b.sql', message: /also used by 0001_a.sql/ });
  t.same(tables(d), []);
});

t.test('two connections migrating one file at once apply each migration once', async (t) => {
  const { dir, db } = setup(t, { '0001_a.sql': 'CREATE TABLE a (x INTEGER);', '0002_b.sql': 'CREATE TABLE b (x INTEGER);' });
  const first = db();
  const second = db();
  const applied = [...applyMigrations(first, dir), ...applyMigrations(second, dir)];
  t.same(applied, ['0001_a.sql', '0002_b.sql']);
  t.equal(second.prepare('SELECT count(*) FROM schema_migrations').pluck().get(), 2);
});
