/**
 * A top-down and bottom-up account of a V8 .cpuprofile of the HTTP server's main thread
 * (BENCH_PROFILE=DIR with bench/http-commands-server.ts or npm run bench -- http-commands):
 *   top-down: each sample goes to the deepest frame of its stack that belongs to a known part
 *     of the server (the request's hooks, the command, the store, the read models, …);
 *   bottom-up: within each part, what kind of work the sample was (zod, SQLite, crypto, pino, …).
 * With COMMANDS, each share is also given in ms per command (of the sampled wall time on the
 * main thread; the profiler's own overhead makes these larger than unprofiled CPU).
 *
 *   node --import tsx bench/http-profile-account.ts FILE.cpuprofile [COMMANDS] [ROWS]
 */
import { readProfile, type ProfileNode } from './cpuprofile.ts';


/** Parts of the server by file, in the order a request meets them; the deepest match wins. */
const PARTS: [RegExp, string][] = [
  [/inject-mix|nm:light-my-request/, 'bench: inject harness (not server work)'],
  [/nm:fastify\/|nm:find-my-way|nm:avvio|secure-json-parse|fast-json-stringify|nm:fast-querystring/, 'fastify core (routing, hooks, reply)'],
  [/src\/http\/server\.ts/, 'server hooks'],
  [/src\/http\/plugins\/auth|src\/access\//, 'auth (token cache, matrix)'],
  [/plugins\/idempotency|idempotency-store|nm:canonicalize/, 'idempotency (claim, record)'],
  [/fastify-type-provider-zod/, 'route schema (zod: body, params, headers)'],
  [/command-route|src\/http\/routes\//, 'route handler'],
  [/command-response-serializer/, 'response serialisation'],
  [/src\/app\/services\//, 'application service'],
  [/src\/app\/run-command|state-cache|stream-locks|load-state/, 'command runner (cache, locks)'],
  [/deterministic-ids/, 'event ids (HMAC, UUIDv7)'],
  [/src\/domain\//, 'domain (decide, evolve, command zod)'],
  [/src\/vault\//, 'vault'],
  [/src\/eventstore\/(validating|append-validation|registry|envelope)|src\/app\/event-registry/, 'event validation (registry zod)'],
  [/src\/eventstore\//, 'event store (reads, writer hand-off)'],
  [/metrics-store/, 'append metrics'],
  [/src\/projections|^projections\//, 'read models (live apply)'],
  [/src\/integrity|projections\/merkle-log/, 'Merkle log (live apply)'],
  [/request-observer|request-logger/, 'request observer (metrics + log line)'],
  [/nm:prom-client/, 'metrics (prom-client)'],
  [/nm:pino|nm:sonic-boom|src\/logging/, 'logging (pino)'],
  [/problem-handler/, 'problem handler'],
];
const KINDS: [RegExp, string][] = [
  [/nm:zod/, 'zod'],
  [/nm:pino|sonic-boom|src\/logging/, 'pino'],
  [/prom-client/, 'prom-client'],
  [/crypto/, 'crypto'],
  [/nm:better-sqlite3/, 'SQLite'],
  [/node:_http|node:events|node:internal\/streams|light-my-request/, 'http objects'],
];

const [file, commandsArg, rowsArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: bench/http-profile-account.ts FILE.cpuprofile [COMMANDS] [ROWS]\n');
  process.exit(2);
}
const commands = commandsArg ? Number(commandsArg) : undefined;
const rows = Number(rowsArg ?? 40);
const profile = readProfile(file);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const shortUrl = (url: string) => url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, 'nm:').replace(/^.*\/work\/[^/]+\//, '');

/**
 * Which of the process's activities a stack belongs to: serving requests, or following the log
 * for the read models or for the Merkle log (both run on the main thread beside the requests).
 */
function activityOf(chain: ProfileNode[]): string {
  const urls = chain.map((n) => shortUrl(n.callFrame.url));
  const has = (re: RegExp) => urls.some((u) => re.test(u));
  if (has(/src\/projections\/runner-shared-log/)) return 'read models: reading the log (one shared subscription)';
  // Also a page read resumed from a commit notification, whose stack holds no runner frame.
  if (has(/src\/eventstore\/sqlite\/subscription/)) return 'reading the log on subscriptions of their own (each read model before SharedLog; the Merkle log)';
  if (has(/src\/projections\/(runner|readmodel-file|catch-up)/)) {
    if (has(/src\/integrity|src\/integrity-log|projections\/merkle-log/)) return 'Merkle log: applying';
    return 'read models: applying (SQL, commits)';
  }
  return 'requests (and everything else)';
}

function classify(id: number): [string, string, string] {
  const chain: ProfileNode[] = [];
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) chain.push(byId.get(cur)!);
  const leaf = chain[0]!.callFrame.functionName;
  const activity = ['(garbage collector)', '(idle)', '(program)'].includes(leaf) ? leaf : activityOf(chain);
  let part = 'other (promise jobs, timers, unattributed)';
  if (['(garbage collector)', '(idle)', '(program)', '(root)'].includes(leaf)) part = leaf;
  else {
    for (const n of [...chain].reverse()) {
      const url = shortUrl(n.callFrame.url);
      const hit = PARTS.find(([re]) => re.test(url));
      if (hit) part = hit[1];
    }
  }
  // The kind: the nearest frame with a file; native frames below it are named.
  let native = '';
  for (const n of chain) {
    const url = shortUrl(n.callFrame.url);
    if (!url) {
      native ||= n.callFrame.functionName || 'native';
      continue;
    }
    const kind = KINDS.find(([re]) => re.test(url))?.[1] ?? 'js';
    return [activity, part, native ? `${kind} > ${native}` : kind];
  }
  return [activity, part, native || 'native'];
}

const activities = new Map<string, number>();
const parts = new Map<string, number>();
const cross = new Map<string, number>();
let total = 0;
for (const [id, us] of selfUs) {
  total += us;
  const [activity, part, kind] = classify(id);
  activities.set(activity, (activities.get(activity) ?? 0) + us);
  parts.set(part, (parts.get(part) ?? 0) + us);
  cross.set(`${part} | ${kind}`, (cross.get(`${part} | ${kind}`) ?? 0) + us);
}
const print = (title: string, m: Map<string, number>, n: number) => {
  process.stdout.write(`\n${title} (${(total / 1000).toFixed(0)} ms sampled${commands ? `, ${commands} commands` : ''})\n`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    const perCommand = commands ? `  ${(us / 1000 / commands).toFixed(3)} ms/command` : '';
    process.stdout.write(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms${perCommand}  ${k}\n`);
  }
};
print('by activity of the main thread', activities, 20);
print('top-down: by part of the server (the deepest frame of a known part)', parts, 60);
print('bottom-up within each part: part | kind of work', cross, rows);
