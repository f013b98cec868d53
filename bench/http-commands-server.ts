/**
 * The servers of bench/http-commands.bench.ts, in their own process so that the load
 * generator does not share their event loop: a bare fastify route (the floor) and
 * `taizhang serve` as production builds it (openRuntime + buildServer: every feature, the
 * access matrix, Idempotency-Key records, metrics, request log at info to /dev/null,
 * rate limit off; the read models and the Merkle log following the log live) on the
 * embedded SQLite store.
 *
 * Before listening it prepares, through the services (not measured): the catalogue, one
 * listed institution and one fund per city of Jiangxi, and CASES trainees on completed
 * classes of 20, each holding a certificate. The parent's command mix then registers new
 * trainees and takes each prepared trainee from application to bank confirmation.
 * Sends `{ bare, full, tokens, cases }` to the parent over IPC.
 */
import Fastify from 'fastify';
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import type { Principal } from '../src/access/roles.ts';
import type { AppDeps } from '../src/app/app-deps.ts';
import { toShanghaiIso } from '../src/app/clock.ts';
import type { CommandContext } from '../src/app/command-context.ts';
import { DeterministicIds, newRequestSeed } from '../src/app/deterministic-ids.ts';
import { addProject } from '../src/app/services/catalogue.ts';
import { approveClassOpening, completeClass, recordAttendanceSession, requestClassOpening } from '../src/app/services/classes.ts';
import { openFund, receiveAllocation } from '../src/app/services/funds.ts';
import { listInstitution, registerInstitution } from '../src/app/services/institutions.ts';
import { recordCertificate, registerTrainee } from '../src/app/services/trainees.ts';
import { loadConfig } from '../src/config.ts';
import { creditCodeCheckChar } from '../src/domain/identity/credit-code.ts';
import { residentIdCheckChar } from '../src/domain/identity/resident-id.ts';
import { openRuntime } from '../src/http/runtime.ts';
import { buildServer } from '../src/http/server.ts';
import { bufferedStdout, createLogger } from '../src/logging/logger.ts';
import { startIntegrityLog } from '../src/integrity-log/start.ts';
import { startCatalogueProjections } from '../src/projections/start.ts';
import { threadCpuNs } from './http-thread-cpu.ts';

// Two 10 s mixes at ~3 000 commands/s start ~8 000 cases (eight commands each): 4 000, then 8 000 ran out on fast runs.
const CASES = Number(process.env.BENCH_CASES ?? (process.env.BENCH_QUICK === '1' ? 800 : 12000));
const CLASS_SIZE = 20;
/** Nanchang, Jingdezhen, Pingxiang, Jiujiang, Xinyu, Yingtan, Ganzhou, Ji'an. */
export const CITIES = ['360100', '360200', '360300', '360400', '360500', '360600', '360700', '360800'];
const COOK = { occupationCode: '4-03-02-01', occupationName: '中式烹调师', level: 'junior' as const };

export interface BenchCase {
  personRef: string;
  serial: string;
  classId: string;
  fundId: string;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taizhang-bench-commands-'));
const config = { ...loadConfig({}), dataDir: dir, rateLimitPerMinute: 0 };
// Written as taizhang serve writes its standard output (bufferedStdout), to /dev/null.
const logger = createLogger(process.env.TAIZHANG_LOG_LEVEL ?? 'info', bufferedStdout('/dev/null'));
/**
 * The read models and the Merkle log run in the server's process as `taizhang serve` runs
 * them (src/cli/serve-command.ts), applying every event live; BENCH_READ_MODELS=0 leaves
 * them out (the shape of the figures before 2026-11-26 08:00, which omitted that work).
 */
const withReadModels = process.env.BENCH_READ_MODELS !== '0';
const runtime = await openRuntime(
  config,
  logger,
  withReadModels ? { startReadModels: startCatalogueProjections(config), startIntegrity: startIntegrityLog(config) } : {},
);
const services = runtime.deps.services!;

function ctxOf(principal: Principal): CommandContext {
  const seed = newRequestSeed(Date.now());
  const requestId = `prep-${seed.secretHex.slice(0, 12)}`;
  return { principal, requestId, correlationId: requestId, causationId: requestId, occurredAt: toShanghaiIso(seed.timeMs), ids: new DeterministicIds(seed), replay: false };
}
const admin: Principal = { id: 'u-bench-admin', name: 'bench admin', role: 'admin' };
const registrar: Principal = { id: 'u-bench-registrar', name: 'bench registrar', role: 'registrar' };
const reviewer: Principal = { id: 'u-bench-class-reviewer', name: 'bench class reviewer', role: 'reviewer' };
const finance: Principal = { id: 'u-bench-finance', name: 'bench finance', role: 'finance' };

function residentIdOf(n: number): string {
  // Birth dates from 1960-01-01 on, 900 sequence numbers a day: unique for n < 9 000 000.
  const birth = new Date(Date.UTC(1960, 0, 1) + Math.floor(n / 900) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `360102${birth}${String(100 + (n % 900)).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

async function inBatches<T>(items: readonly T[], size: number, work: (item: T, i: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map((x, j) => work(x, i + j)));
}

async function prepare(deps: AppDeps): Promise<BenchCase[]> {
  await addProject(deps, ctxOf(admin), '360000', { projectId: 'cook-5', ...COOK, standardHours: 40, rateFen: 120_000, effectiveFrom: '2025-01-01', source: '赣人社字〔2025〕1号' });
  const schools = CITIES.map((city, i) => {
    const first17 = `91${city}MA35B${String(i).padStart(4, '0')}`;
    return { city, code: first17 + creditCodeCheckChar(first17), fundId: `fund-${city}-2026` };
  });
  for (const s of schools) {
    await registerInstitution(deps, ctxOf(registrar), { creditCode: s.code, licenceNumber: `L-${s.city}`, name: `培训学校 ${s.city}`, address: `${s.city} 路 1 号`, nature: 'private', regionCode: s.city, occupations: [COOK.occupationCode], creditGrade: 'B', registeredOn: '2025-06-01' });
    await listInstitution(deps, ctxOf(admin), s.code, { listedOn: '2025-06-10', reason: '评审通过' });
    await openFund(deps, ctxOf(finance), { fundId: s.fundId, source: 'employment_subsidy', year: 2026, regionCode: s.city, openedOn: '2026-01-05' });
    await receiveAllocation(deps, ctxOf(finance), s.fundId, { amountFen: 1_000_000_000_000, documentRef: '赣财社〔2026〕12号', receivedOn: '2026-01-06' });
  }
  const refs: string[] = new Array(CASES);
  await inBatches([...Array(CASES).keys()], 50, async (n) => {
    const outcome = await registerTrainee(deps, ctxOf(registrar), { idNumber: residentIdOf(n), name: '张三', bankAccount: `6222 0200 ${String(10_000_000 + n)}`, category: 'rural_migrant_worker', registeredOn: '2026-02-01' });
    refs[n] = String(outcome.result?.personRef);
  });
  const classes = Math.ceil(CASES / CLASS_SIZE);
  const cases: BenchCase[] = [];
  await inBatches([...Array(classes).keys()], 8, async (c) => {
    const school = schools[c % schools.length]!;
    const roster = refs.slice(c * CLASS_SIZE, (c + 1) * CLASS_SIZE);
    const classId = `bc-${c}`;
    await requestClassOpening(deps, ctxOf(registrar), {
      classId, institutionId: school.code, occupationCode: COOK.occupationCode, level: COOK.level, startOn: '2026-03-02', endOn: '2026-03-13', roster, teacherIds: ['teacher-1', 'teacher-2'],
      plan: { summary: '理论 16 学时，实操 32 学时', plannedHours: 48 }, assessmentPlan: { summary: '理论考试与实操考核', plannedOn: '2026-03-14' }, requestedOn: '2026-03-01',
    });
    await approveClassOpening(deps, ctxOf(reviewer), classId, { decidedOn: '2026-03-01' });
    for (const [i, date] of ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'].entries()) {
      await recordAttendanceSession(deps, ctxOf(registrar), classId, { sessionId: `s${i}`, date, hours: 8, teacherId: 'teacher-1', checkIns: roster.map((personRef) => ({ personRef, method: 'face', result: 'pass' })), recordedOn: '2026-03-13' });
    }
    await completeClass(deps, ctxOf(registrar), classId, { completedOn: '2026-03-13', hours: roster.map((personRef) => ({ personRef, hoursAttended: 40 })) });
    for (const [i, personRef] of roster.entries()) {
      const serial = `JX-BENCH-${c}-${i}`;
      await recordCertificate(deps, ctxOf(registrar), personRef, { serialNumber: serial, occupationCode: COOK.occupationCode, level: COOK.level, issuedOn: '2026-03-16', issuer: '江西省职业技能鉴定指导中心', classId });
      cases.push({ personRef, serial, classId, fundId: school.fundId });
    }
  });
  return cases;
}

const started = performance.now();
const cases = await prepare(services);
/** BENCH_COUNT_READS=1: stream reads made while serving (calls, events returned, ms), reported at 'stop'. */
const reads = { calls: 0, events: 0, ms: 0, byCategory: new Map<string, number>() };
if (process.env.BENCH_COUNT_READS === '1') {
  const inner = services.store.readStream.bind(services.store);
  services.store.readStream = async (stream, options) => {
    const t0 = performance.now();
    const page = await inner(stream, options);
    reads.ms += performance.now() - t0;
    reads.calls += 1;
    reads.events += page.length;
    const category = stream.slice(0, stream.indexOf('-'));
    reads.byCategory.set(category, (reads.byCategory.get(category) ?? 0) + 1);
    return page;
  };
}
// The read models and the Merkle log apply the preparation's events in the background: the
// measured serving starts once they have, or its first round would pay for that backlog.
const preparedHead = await runtime.rawStore.headPosition();
await runtime.deps.readModels?.waitForPosition(preparedHead, 600_000);
await runtime.deps.integrity?.waitForPosition(preparedHead, 600_000);
const prepareS = (performance.now() - started) / 1000;

const bare = Fastify({ logger: false });
bare.get('/bare', async () => ({ ok: true }));
const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });

const full = await buildServer({ ...runtime.deps, options: { ...runtime.deps.options, rateLimitPerMinute: 0 } });
const fullUrl = await full.listen({ host: '127.0.0.1', port: 0 });
const now = new Date().toISOString();
const token = (role: Principal['role'], id: string) => runtime.deps.tokens.create({ name: id, role, principalId: id, nowIso: now });
const tokens = {
  registrar: token('registrar', 'u-bench-registrar'),
  reviewer1: token('reviewer', 'u-bench-reviewer-1'),
  reviewer2: token('reviewer', 'u-bench-reviewer-2'),
  finance: token('finance', 'u-bench-finance'),
};

if (process.env.BENCH_INJECT === '1') {
  // In-process mode (bench/http-commands-inject.ts): no sockets, no load generator beside the server.
  const { injectMix } = await import('./http-commands-inject-mix.ts');
  process.stdout.write(`read models and Merkle log in the process: ${withReadModels ? 'yes' : 'no (BENCH_READ_MODELS=0)'}\n`);
  // BENCH_PROFILE=DIR: a CPU profile of the serving only (the preparation left out).
  const session = process.env.BENCH_PROFILE ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  // BENCH_HEAP_PROFILE=DIR: a sampling heap profile of the serving, every allocation counted
  // (collected ones too), for bytes allocated per command by function (bench/heap-profile-account.ts).
  const heapSession = process.env.BENCH_HEAP_PROFILE ? new Session() : undefined;
  if (heapSession) {
    heapSession.connect();
    await heapSession.post('HeapProfiler.enable');
    await heapSession.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  }
  await injectMix(full, tokens, cases, CASES, reads);
  if (heapSession) {
    const { profile } = await heapSession.post('HeapProfiler.stopSampling');
    writeProfile(process.env.BENCH_HEAP_PROFILE!, 'heapprofile', 'heap profile', profile);
  }
  if (process.env.BENCH_COUNT_READS === '1') process.stdout.write(`stream reads while serving, by category: ${[...reads.byCategory].map(([c, n]) => `${c} ${n}`).join(', ')}\n`);
  if (session) {
    const { profile } = await session.post('Profiler.stop');
    writeProfile(process.env.BENCH_PROFILE!, 'cpuprofile', 'CPU profile', profile);
  }
  await full.close();
  await bare.close();
  await runtime.close();
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
process.send?.({ bare: bareUrl, full: fullUrl, tokens, cases, prepareS, firstId: CASES, readModels: withReadModels });
let profiler: Session | undefined;
process.on('message', async (message) => {
  if (message === 'profile-start') {
    profiler = new Session();
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
    process.send?.({ ok: true });
    return;
  }
  if (message === 'profile-stop' && profiler) {
    const { profile } = await profiler.post('Profiler.stop');
    const file = path.join(process.env.BENCH_PROFILE ?? os.tmpdir(), `http-commands-${Date.now()}.cpuprofile`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(profile));
    profiler.disconnect();
    process.send?.({ profile: file });
    return;
  }
  if (message === 'head') {
    const cpu = process.cpuUsage();
    const mainNs = threadCpuNs()?.get(String(process.pid));
    process.send?.({ head: String(await runtime.rawStore.headPosition()), cpuMs: (cpu.user + cpu.system) / 1000, mainMs: mainNs === undefined ? undefined : mainNs / 1e6, reads: reads.calls });
    return;
  }
  if (message !== 'stop') return;
  if (process.env.BENCH_COUNT_READS === '1') {
    const groups = (runtime.rawStore as { groupCommitStats?: () => { groups: number; appends: number } }).groupCommitStats?.();
    process.stdout.write(`stream reads while serving: ${reads.calls} calls, ${reads.events} events, ${reads.ms.toFixed(0)} ms; event store group commits (with the preparation): ${groups ? `${groups.groups} groups of ${(groups.appends / groups.groups).toFixed(1)} appends` : 'n/a'}\n`);
  }
  await full.close();
  await bare.close();
  await runtime.close();
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
});

/** Writes a profile of the in-process serving into `dir` and says where. */
function writeProfile(dir: string, extension: string, what: string, profile: unknown): void {
  const file = path.join(dir, `http-commands-inject-${Date.now()}.${extension}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(profile));
  process.stdout.write(`${what} of the serving: ${file}\n`);
}
