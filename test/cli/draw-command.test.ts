import t, { type Test } from 'tap';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { runDrawVerify } from '../../src/cli/draw-command.ts';
import { drawOutcomeHash, inspectorRosterHash } from '../../src/sampling/index.ts';
import { drawnRecord, drawServer, publishMatter } from '../http/routes/draws-flow.ts';
import { nodeScript } from '../helpers/node-script.ts';

const MAIN = nodeScript(new URL('../../src/cli/main.ts', import.meta.url));
const run = promisify(execFile);

/** A record as parsed JSON, to be edited freely. */
type Json = Record<string, any>;

async function verify(source: string): Promise<{ ok: boolean; lines: string[] }> {
  const lines: string[] = [];
  const ok = await runDrawVerify({ source, json: false, out: (l) => lines.push(l) });
  return { ok, lines };
}

function write(t: Test, name: string, record: unknown): string {
  const file = path.join(t.testdir(), name);
  writeFileSync(file, JSON.stringify(record, null, 2));
  return file;
}

const failed = (lines: string[]) => lines.filter((l) => l.startsWith('  FAIL')).map((l) => l.slice(7).split(':')[0]);

t.test('draw verify', async (t) => {
  const f = await drawServer(t);
  await publishMatter(f);
  const text = await drawnRecord(f);
  const record = JSON.parse(text) as Json;
  const copy = (): Json => JSON.parse(text);

  await t.test('the published record matches', async (t) => {
    const { ok, lines } = await verify(write(t, 'record.json', record));
    t.ok(ok, lines.join('\n'));
    t.match(lines[0], /NC-2026-SJ-001 .*: MATCHES/);
    t.same(failed(lines), []);
  });

  await t.test('fetched from its URL too', async (t) => {
    const address = await f.h.app.listen({ port: 0, host: '127.0.0.1' });
    const { ok, lines } = await verify(`${address}/public/draws/NC-2026-SJ-001`);
    t.ok(ok, lines.join('\n'));
    const missing = await verify(`${address}/public/draws/NOPE`);
    t.notOk(missing.ok);
    t.match(missing.lines.join('\n'), /answered 404/);
  });

  await t.test('one roster entry changed: does not match', async (t) => {
    const r = copy();
    r.rosters.subjects.entries[3].subsidyPaidFen += 1;
    const { ok, lines } = await verify(write(t, 'roster.json', r));
    t.notOk(ok);
    t.match(lines[0], /DOES NOT MATCH/);
    t.same(failed(lines), ['subject roster', 're-run']);

    // Even with the roster's hash brought in line, the outcome was drawn from the other roster.
    const r2 = copy();
    r2.rosters.inspectors.entries[0].region = '360199';
    r2.rosters.inspectors.hash = inspectorRosterHash(r2.rosters.inspectors.entries);
    const second = await verify(write(t, 'roster2.json', r2));
    t.notOk(second.ok);
    t.same(failed(second.lines), ['inspector roster', 're-run']);
  });

  await t.test('the random value changed: does not match', async (t) => {
    const r = copy();
    r.randomness.value.numbers[1][0] = 10;
    const { ok, lines } = await verify(write(t, 'value.json', r));
    t.notOk(ok);
    t.same(failed(lines), ['re-run']);
    t.match(lines.join('\n'), /seed: published [0-9a-f]{64}, re-run [0-9a-f]{64}/);
  });

  await t.test('the published seed changed: does not match', async (t) => {
    const r = copy();
    r.draw.outcome.seed = `${r.draw.outcome.seed.slice(0, 63)}${r.draw.outcome.seed.endsWith('0') ? '1' : '0'}`;
    const { ok, lines } = await verify(write(t, 'seed.json', r));
    t.notOk(ok);
    t.same(failed(lines), ['outcome hash', 're-run']);
  });

  await t.test('a result entry changed: does not match, even with the outcome hash recomputed', async (t) => {
    const r = copy();
    const team: string[] = r.draw.outcome.assignments[0].inspectorIds;
    const other = r.rosters.inspectors.entries.map((i: Json) => i.id).find((id: string) => !team.includes(id));
    team[0] = other;
    const first = await verify(write(t, 'result.json', r));
    t.notOk(first.ok);
    t.same(failed(first.lines), ['outcome hash', 're-run']);
    r.draw.outcomeHash = drawOutcomeHash(r.draw.outcome);
    const second = await verify(write(t, 'result2.json', r));
    t.notOk(second.ok);
    t.same(failed(second.lines), ['re-run']);
    t.match(second.lines.join('\n'), /inspectors of \S+: published \[.*\], re-run \[.*\]/);
  });

  await t.test('a record that is not one', async (t) => {
    const r = copy();
    delete r.draw;
    r.status = 'committed';
    t.notOk((await verify(write(t, 'undrawn.json', r))).ok, 'not drawn yet');
    const dir = t.testdir();
    writeFileSync(path.join(dir, 'x.json'), '{not json');
    t.match((await verify(path.join(dir, 'x.json'))).lines.join('\n'), /is not JSON/);
    t.match((await verify(path.join(dir, 'missing.json'))).lines.join('\n'), /cannot read .*ENOENT/);
  });

  await t.test('in a separate process, the published record re-runs identically (exit 0); a tampered one exits 1', async (t) => {
    const file = write(t, 'child.json', record);
    const { stdout } = await run(process.execPath, [...MAIN, 'draw', 'verify', '--json', file], { encoding: 'utf8' });
    const report = JSON.parse(stdout) as Json;
    t.equal(report.matches, true);
    const rerun = report.checks.find((c: Json) => c.name === 're-run');
    t.match(rerun.detail, `re-run outcome ${record.draw.outcomeHash}`, 'the child computed the published outcome hash');

    const r = copy();
    r.rosters.subjects.entries[0].grade = r.rosters.subjects.entries[0].grade === 'A' ? 'B' : 'A';
    const tampered = write(t, 'child-tampered.json', r);
    const err = await run(process.execPath, [...MAIN, 'draw', 'verify', tampered], { encoding: 'utf8' }).then(
      () => undefined,
      (e: { code?: number; stdout?: string }) => e,
    );
    t.equal(err?.code, 1, 'exit code 1');
    t.match(err?.stdout ?? '', /DOES NOT MATCH/);
  });
});
