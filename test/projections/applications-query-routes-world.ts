import path from 'node:path';
import type { Test } from 'tap';
import { prefillDomainStore, domainRecorded } from '../../bench/projections-domain-log.ts';
import type { RecordedEvent } from '../../src/eventstore/port.ts';
import type { ReadModelsPort } from '../../src/http/read-models.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { PROJECTIONS } from '../../src/projections/catalog.ts';
import { Projections } from '../../src/projections/projections.ts';
import { testServer, type TestServer } from '../http/helpers/test-server.ts';

/**
 * A test server over a store prefilled with the domain log (bench/projections-domain-log.ts),
 * with the catalogue's projections running on it and caught up; and a naive reference of
 * where each record lies, computed from the events alone, to check the routes' region
 * scope against.
 */
export interface QueryWorld {
  h: TestServer;
  projections: Projections;
  events: RecordedEvent[];
  where: Reference;
}

export async function queryWorld(t: Test, count = 6000, seed = 5): Promise<QueryWorld> {
  const dataDir = t.testdir();
  prefillDomainStore(path.join(dataDir, 'events.sqlite'), count, seed);
  let projections: Projections | undefined;
  // The server is built before the projections can start (they need its store): the port forwards to them.
  const port: ReadModelsPort = {
    waitForPosition: (min, timeoutMs, names) => projections!.waitForPosition(min, timeoutMs, names),
    status: () => projections?.status() ?? [],
    close: async () => {},
    query: (name, q) => projections!.query(name, q),
  };
  const h = await testServer(t, { dataDir, readModels: port });
  projections = Projections.start({ store: h.store, dataDir, logger: createLogger('silent'), definitions: PROJECTIONS, progress: 'none', lagLogIntervalMs: 0 });
  t.teardown(() => projections.close());
  await projections.waitForPosition(await h.store.headPosition(), 120_000);
  return { h, projections, events: domainRecorded(count, seed), where: reference(domainRecorded(count, seed)) };
}

/** Where things lie, by the rules of the app (src/app/services/applications-context.ts), computed naively. */
export interface Reference {
  institutionRegion: Map<string, string>;
  classRegion: Map<string, { region: string; approved: boolean; refused: boolean }>;
  personClasses: Map<string, Set<string>>;
  applications: Map<string, { institutionId: string | null; personRef: string }>;
  personIn(personRef: string, prefix: string): boolean;
  applicationIn(applicationId: string, prefix: string): boolean;
}

function reference(events: RecordedEvent[]): Reference {
  const institutionRegion = new Map<string, string>();
  const classRegion = new Map<string, { region: string; approved: boolean; refused: boolean }>();
  const personClasses = new Map<string, Set<string>>();
  const applications = new Map<string, { institutionId: string | null; personRef: string }>();
  for (const e of events) {
    const d = e.data as Record<string, unknown>;
    if (e.type === 'InstitutionRegistered') institutionRegion.set(String(d.creditCode), String(d.regionCode));
    if (e.type === 'ClassOpeningRequested') {
      const inst = String(d.institutionId);
      classRegion.set(String(d.classId), { region: institutionRegion.get(inst) ?? inst.slice(2, 8), approved: false, refused: false });
      for (const ref of d.roster as string[]) personClasses.set(ref, (personClasses.get(ref) ?? new Set()).add(String(d.classId)));
    }
    if (e.type === 'ClassOpeningApproved') classRegion.get(e.stream.slice('class-'.length))!.approved = true;
    if (e.type === 'ClassOpeningRefused') classRegion.get(e.stream.slice('class-'.length))!.refused = true;
    if (e.type === 'ApplicationSubmitted') applications.set(String(d.applicationId), { institutionId: d.institutionId as string | null, personRef: String(d.personRef) });
  }
  const personIn = (ref: string, prefix: string) =>
    [...(personClasses.get(ref) ?? [])].some((c) => {
      const cls = classRegion.get(c)!;
      // A request alone places no one (R2 item 5).
      return cls.approved && !cls.refused && cls.region.startsWith(prefix);
    });
  return {
    institutionRegion,
    classRegion,
    personClasses,
    applications,
    personIn,
    applicationIn(id, prefix) {
      const a = applications.get(id)!;
      return a.institutionId !== null ? (institutionRegion.get(a.institutionId) ?? a.institutionId.slice(2, 8)).startsWith(prefix) : personIn(a.personRef, prefix);
    },
  };
}

/** Every item of a paged list route, following nextCursor (bounded). */
export async function allPages(h: TestServer, url: string, token: string | undefined, limit = 50): Promise<{ items: Record<string, unknown>[]; pages: number }> {
  const items: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  for (let pages = 1; pages <= 1000; pages++) {
    const sep = url.includes('?') ? '&' : '?';
    const res = await h.call({ method: 'GET', url: `${url}${sep}limit=${limit}${cursor === null ? '' : `&cursor=${cursor}`}`, ...(token ? { token } : {}) });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    const body = res.json() as { items: Record<string, unknown>[]; nextCursor: string | null };
    items.push(...body.items);
    cursor = body.nextCursor;
    if (cursor === null) return { items, pages };
  }
  throw new Error(`${url}: more than 1000 pages`);
}
