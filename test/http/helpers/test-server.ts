/**
 * THE way HTTP tests build a server: a real SQLite store and node database in a test
 * directory, a token per role, and every log line of every server captured. When the
 * test file ends, the captured output is scanned, and the file fails if any line holds a
 * token or an 18-character ID number (issue 4: "a test captures all log output of the
 * HTTP suite"). The servers built here log to it; so do those built apart
 * (routes/integrity-server.ts), the read-model and Merkle-log loggers of HTTP tests, and
 * the stdout of the serve child (shutdown.test.ts). log-capture-coverage.test.ts checks
 * that every createLogger and every server built under test/http writes here (the unit test
 * of the request logger, plugins/request-logger.test.ts, has a pino of its own: no server).
 */
import tap, { type Test } from 'tap';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { ROLES, type Role } from '../../../src/access/roles.ts';
import { TokenStore } from '../../../src/access/token-store.ts';
import { fixedClock, type Clock } from '../../../src/app/clock.ts';
import { buildEventRegistry } from '../../../src/app/event-registry.ts';
import { IdempotencyStore } from '../../../src/app/idempotency-store.ts';
import { openNodeDb } from '../../../src/app/node-db.ts';
import type { EventStore } from '../../../src/eventstore/port.ts';
import { openSqliteStore } from '../../../src/eventstore/sqlite/sqlite-store.ts';
import { withRegistry } from '../../../src/eventstore/validating-store.ts';
import { extendMatrix, ACCESS_MATRIX, type AccessMatrix } from '../../../src/http/access-matrix.ts';
import type { Feature } from '../../../src/http/feature.ts';
import { FEATURES } from '../../../src/http/features.ts';
import { createMetrics } from '../../../src/http/metrics.ts';
import type { IntegrityPort } from '../../../src/integrity-log/port.ts';
import type { ReadModelsPort } from '../../../src/http/read-models.ts';
import { buildServer } from '../../../src/http/server.ts';
import type { ServerOptions } from '../../../src/http/server-deps.ts';
import { createLogger } from '../../../src/logging/logger.ts';
import type { AppDeps } from '../../../src/app/app-deps.ts';
import { StateCache } from '../../../src/app/state-cache.ts';
import { StreamLocks } from '../../../src/app/stream-locks.ts';
import type { PolicySet } from '../../../src/domain/policy/policy-set.ts';
import { loadPolicy } from '../../../src/policy/load.ts';
import { loadPseudonymKey, personRef } from '../../../src/pseudonym/person-ref.ts';
import { SqliteVault } from '../../../src/vault/sqlite-vault.ts';
import { toyFeature, ToyEventSchemas, TOY_MATRIX_ROWS, type ToyOptions } from '../fixtures/toy-feature.ts';

// ---- log capture, for the whole test file ----

const captured: string[] = [];
const issuedTokens = new Set<string>();
/** Values a test sent that must never appear in a log (ID numbers, accounts). */
export const secretsSent = new Set<string>();

export const captureStream = { write: (line: string) => void captured.push(line) };

export function capturedLogs(): readonly string[] {
  return captured;
}

const TOKEN_SHAPE = /tz_[A-Za-z0-9_-]{20,}/;
const ID_SHAPE = /\d{17}[\dXx]/;

/** The lines holding a token or an ID number: what the suite must never log. */
export function leaks(lines: readonly string[], secrets: Iterable<string> = []): string[] {
  const exact = [...secrets];
  return lines.filter((l) => TOKEN_SHAPE.test(l) || ID_SHAPE.test(l) || exact.some((s) => l.includes(s)));
}

tap.teardown(() => {
  const found = leaks(captured, [...issuedTokens, ...secretsSent]);
  if (captured.length === 0) throw new Error('log capture: no line was captured; is the helper wired to the server logger?');
  if (found.length > 0) throw new Error(`log capture: ${found.length} of ${captured.length} lines hold a token or an ID number, e.g. ${found[0]}`);
});

// ---- servers ----

export interface TestServer {
  app: FastifyInstance;
  /** The validating store the server writes to. */
  store: EventStore;
  dataDir: string;
  /** A token of a principal without a region, per role. */
  token: Record<Role, string>;
  tokens: TokenStore;
  /** A token of a principal of `role` scoped to `region` (created on first use). */
  tokenFor(role: Role, region?: string): string;
  /** The application services the features use (same store; vault and keys in dataDir). */
  services: AppDeps;
  /** inject() with `as` a role (its region-less token), or a given token. */
  call(options: InjectOptions & { as?: Role; token?: string }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  dataDir?: string;
  /** Default: the production features and matrix, plus the toy feature and its rows. */
  features?: readonly Feature[];
  matrix?: AccessMatrix;
  /** Default false: the production set only (features and matrix) when true. */
  productionOnly?: boolean;
  toy?: ToyOptions;
  readModels?: ReadModelsPort;
  /** The Merkle log the /api/v1/integrity routes answer from (none by default). */
  integrity?: IntegrityPort;
  options?: Partial<ServerOptions>;
  clock?: Clock;
  logLevel?: string;
}

/** Policy data is immutable: loaded once per test file. */
let policy: PolicySet | undefined;

/** The application services over `store`, as openRuntime builds them (vault and pseudonym key in `dataDir`). */
function servicesFor(store: EventStore, dataDir: string, clock: Clock): AppDeps {
  policy ??= loadPolicy();
  const pseudonymKey = loadPseudonymKey(dataDir);
  const vault = SqliteVault.open(dataDir, { personRefOf: (idNumber) => personRef(pseudonymKey, idNumber) });
  return { store, cache: new StateCache(), locks: new StreamLocks(), clock, policy, vault, pseudonymKey };
}

/** Principal tokens per data dir: a server reopened on the same dir keeps its principals. */
const tokensByDir = new Map<string, Map<string, string>>();

export async function testServer(t: Test, opts: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? t.testdir();
  const raw = await openSqliteStore({ file: path.join(dataDir, 'events.sqlite') });
  const store = withRegistry(raw, buildEventRegistry().registerAll(ToyEventSchemas));
  const db = openNodeDb(dataDir);
  const tokens = new TokenStore(db);
  // As openRuntime has it by default: keyed requests' claims and answers on the calling thread.
  const idempotency = new IdempotencyStore(db);
  const known = tokensByDir.get(dataDir) ?? new Map<string, string>();
  tokensByDir.set(dataDir, known);
  const tokenFor = (role: Role, region?: string): string => {
    const id = `u-test-${role}${region ? `-${region}` : ''}`;
    let tok = known.get(id);
    if (tok === undefined) {
      tok = tokens.create({ name: `Test ${role}`, role, principalId: id, nowIso: '2026-03-02T09:00:00.000+08:00', ...(region ? { region } : {}) });
      known.set(id, tok);
    }
    issuedTokens.add(tok);
    return tok;
  };
  const token = Object.fromEntries(ROLES.map((r) => [r, tokenFor(r)])) as Record<Role, string>;
  const features = opts.features ?? (opts.productionOnly ? FEATURES : [...FEATURES, toyFeature(store, opts.toy)]);
  const matrix = opts.matrix ?? (opts.productionOnly ? ACCESS_MATRIX : extendMatrix(ACCESS_MATRIX, TOY_MATRIX_ROWS));
  const clock = opts.clock ?? fixedClock(Date.parse('2026-03-02T01:00:00Z'), 1);
  const services = servicesFor(store, dataDir, clock);
  const closeStores = async () => {
    await services.vault.close();
    await raw.close();
    await idempotency.close();
    db.close();
  };
  let app: FastifyInstance;
  try {
    app = await buildServer({
      clock,
      store,
      services,
      tokens,
      idempotency,
      logger: createLogger(opts.logLevel ?? 'info', captureStream),
      metrics: createMetrics({ processMetrics: false }),
      features,
      matrix,
      ...(opts.readModels ? { readModels: opts.readModels } : {}),
      ...(opts.integrity ? { integrity: opts.integrity } : {}),
      ...(opts.options ? { options: opts.options } : {}),
    });
    await app.ready();
  } catch (error) {
    await closeStores();
    throw error;
  }
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await app.close();
    await closeStores();
  };
  t.teardown(close);
  return {
    app,
    store,
    dataDir,
    token,
    tokens,
    tokenFor,
    services,
    call: ({ as, token: tok, ...inject }) => {
      const bearer = tok ?? (as ? token[as] : undefined);
      return app.inject({ ...inject, headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...inject.headers } });
    },
    close,
  };
}

/** The problem+json body of a response, checked to be one. */
export function problemOf(t: Test, res: LightMyRequestResponse): { type: string; status: number; title: string; detail?: string; errors?: { path: string; message: string }[]; [k: string]: unknown } {
  t.match(res.headers['content-type'], /^application\/problem\+json/, `${res.statusCode} is problem+json`);
  const body = res.json();
  t.equal(body.status, res.statusCode, 'status in the body matches');
  t.match(body.type, /^https:\/\/taizhang\.dev\/problems\/[a-z-]+$/);
  return body;
}

export const PROBLEM = (slug: string) => `https://taizhang.dev/problems/${slug}`;
