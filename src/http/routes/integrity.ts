import { z } from 'zod';
import { toBase64 } from '../../integrity/base64.ts';
import type { IntegrityPort } from '../../integrity-log/port.ts';
import type { LogView } from '../../integrity-log/log-view.ts';
import { ProjectionNotCaughtUpError, ProjectionUnavailableError } from '../../projections/errors.ts';
import { defineFeature, type ZodApp } from '../feature.ts';
import { MinPositionQuery } from '../plugins/read-your-writes.ts';
import { ProblemError } from '../problem.ts';
import { problemResponse, problemResponses } from '../problem-schema.ts';
import type { ServerDeps } from '../server-deps.ts';

/**
 * The Merkle log, readable by anyone (design.md, "Integrity"): hashes, proofs and signed
 * checkpoints only — no event content, so no personal data and no token needed. Formats are
 * the public ones (C2SP verifier key and signed checkpoint, RFC 9162 proofs in base64), so
 * tools nobody here wrote can check them.
 *
 * A proof's size defaults to the latest signed checkpoint's, so that it verifies against
 * GET /checkpoint. Answers for explicit sizes never change and may be cached for good.
 * Access: the `GET /api/v1/integrity/…` rows of src/http/access-matrix.ts, all public.
 */
const DECIMAL = /^(?:0|[1-9][0-9]{0,15})$/;
const count = (what: string) => z.string().regex(DECIMAL, 'a non-negative decimal integer without leading zeros').describe(what);

const InclusionQuery = MinPositionQuery.extend({
  index: count('leaf index (give index or event)').optional(),
  event: z.uuid('an event id (UUID)').describe('event id, instead of index').optional(),
  size: count('tree size; default: the latest checkpoint').optional(),
});
const ConsistencyQuery = MinPositionQuery.extend({
  from: count('the smaller tree size (at least 1)'),
  to: count('the larger tree size; default: the latest checkpoint').optional(),
});
const RootQuery = MinPositionQuery.extend({ size: count('tree size; default: the latest checkpoint').optional() });

const Hash = z.string().describe('base64 SHA-256');
const InclusionSchema = z.object({ leafIndex: z.number().int(), treeSize: z.number().int(), leafHash: Hash, proof: z.array(Hash).describe('RFC 9162 §2.1.3 inclusion proof, leaf sibling first') });
const ConsistencySchema = z.object({ from: z.number().int(), to: z.number().int(), proof: z.array(Hash).describe('RFC 9162 §2.1.4 consistency proof') });
const RootSchema = z.object({ size: z.number().int(), root: Hash.describe('base64 RFC 9162 Merkle Tree Hash of the first `size` leaves') });

const TEXT = 'text/plain; charset=utf-8';
const IMMUTABLE = 'public, max-age=31536000, immutable';
const problems = {
  400: problemResponse('a parameter is not valid or lies beyond the tree: `errors` names it'),
  401: problemResponses[401],
  403: problemResponses[403],
  404: problemResponse('no such event in the log, or no checkpoint signed yet'),
  429: problemResponse('rate limit reached; see Retry-After'),
  503: problemResponse('the log has not integrated minPosition yet, or is being built; see Retry-After'),
};

function invalid(field: string, message: string, extensions: Record<string, unknown> = {}): ProblemError {
  return new ProblemError('validation-failed', `querystring.${field}: ${message}`, { errors: [{ path: `querystring.${field}`, message }], ...extensions });
}

export function integrityOf(deps: ServerDeps): IntegrityPort {
  if (deps.integrity === undefined) throw new ProblemError('not-ready', 'this server does not keep the integrity log', {}, { 'retry-after': '60' });
  return deps.integrity;
}

/** Reads the served tree; a tree not built yet is a 503 with Retry-After. */
function readLog<T>(integrity: IntegrityPort, read: (view: LogView) => T): T {
  try {
    return integrity.view((view) => view.snapshot(read));
  } catch (error) {
    if (error instanceof ProjectionUnavailableError) throw new ProblemError('not-ready', error.message, {}, { 'retry-after': String(error.retryAfterSeconds) });
    throw error;
  }
}

/** Read-your-writes on the Merkle log itself (the catalogue's read models are not waited for). */
async function waitFor(integrity: IntegrityPort, minPosition: string | undefined): Promise<void> {
  if (minPosition === undefined) return;
  try {
    await integrity.waitForPosition(BigInt(minPosition), 2_000);
  } catch (error) {
    if (!(error instanceof ProjectionNotCaughtUpError)) throw error;
    throw new ProblemError('not-ready', `the Merkle log has not integrated position ${minPosition} yet`, { minPosition }, { 'retry-after': '1' });
  }
}

/** An explicit size, or the latest checkpoint's; checked against the served tree. */
function sizeWithin(view: LogView, integrity: IntegrityPort, field: string, given: string | undefined): number {
  const treeSize = view.size();
  if (given !== undefined) {
    const size = Number(given);
    if (size > treeSize) throw invalid(field, `beyond the log: the tree has ${treeSize} leaves`, { treeSize });
    return size;
  }
  const latest = integrity.latestCheckpoint();
  if (latest === undefined) throw new ProblemError('not-found', `no checkpoint is signed yet; give ${field} explicitly (the tree has ${treeSize} leaves)`);
  if (latest.treeSize > treeSize) throw new ProblemError('not-ready', 'the tree is being rebuilt up to the latest checkpoint', { treeSize }, { 'retry-after': '5' });
  return latest.treeSize;
}

function inclusionRoute(app: ZodApp, integrity: () => IntegrityPort, tags: string[]): void {
  app.get(
    '/api/v1/integrity/inclusion',
    {
      schema: { summary: 'RFC 9162 inclusion proof of a leaf (by index or event id) in the tree of `size` leaves', tags, querystring: InclusionQuery, response: { 200: InclusionSchema, ...problems } },
      config: { readModels: [] },
    },
    async (request, reply) => {
      const log = integrity();
      const { index, event, size } = request.query;
      if ((index === undefined) === (event === undefined)) throw invalid(index === undefined ? 'index' : 'event', 'give exactly one of index and event');
      await waitFor(log, request.query.minPosition);
      const answer = readLog(log, (view) => {
        let leafIndex: number;
        if (event !== undefined) {
          const leaf = view.leafOfEvent(event);
          if (leaf === undefined) throw new ProblemError('not-found', 'no event with this id in the log (yet: pass minPosition to wait for a write)');
          leafIndex = leaf.leafIndex;
        } else leafIndex = Number(index);
        const treeSize = sizeWithin(view, log, 'size', size);
        if (leafIndex >= treeSize) {
          if (event !== undefined && size === undefined) throw new ProblemError('not-ready', `the event is leaf ${leafIndex}; the latest checkpoint covers ${treeSize} leaves: retry after the next checkpoint`, { leafIndex }, { 'retry-after': '10' });
          throw invalid(event === undefined ? 'index' : 'event', `leaf ${leafIndex} is not in the tree of ${treeSize} leaves`, { treeSize });
        }
        return view.inclusion(leafIndex, treeSize);
      });
      if (size !== undefined) reply.header('cache-control', IMMUTABLE);
      return { leafIndex: answer.leafIndex, treeSize: answer.treeSize, leafHash: toBase64(answer.leafHash), proof: answer.proof.map(toBase64) };
    },
  );
}

function consistencyAndRootRoutes(app: ZodApp, integrity: () => IntegrityPort, tags: string[]): void {
  app.get(
    '/api/v1/integrity/consistency',
    {
      schema: { summary: 'RFC 9162 consistency proof from the tree of `from` leaves to the tree of `to` leaves', tags, querystring: ConsistencyQuery, response: { 200: ConsistencySchema, ...problems } },
      config: { readModels: [] },
    },
    async (request, reply) => {
      const log = integrity();
      await waitFor(log, request.query.minPosition);
      const from = Number(request.query.from);
      if (from === 0) throw invalid('from', 'at least 1: a proof from the empty tree proves nothing');
      const answer = readLog(log, (view) => {
        const to = sizeWithin(view, log, 'to', request.query.to);
        if (from > to) throw invalid('from', `larger than to (${to})`);
        return { from, to, proof: view.consistency(from, to).map(toBase64) };
      });
      if (request.query.to !== undefined) reply.header('cache-control', IMMUTABLE);
      return answer;
    },
  );
  app.get(
    '/api/v1/integrity/root',
    {
      schema: { summary: 'The RFC 9162 Merkle Tree Hash of the first `size` leaves', tags, querystring: RootQuery, response: { 200: RootSchema, ...problems } },
      config: { readModels: [] },
    },
    async (request, reply) => {
      const log = integrity();
      await waitFor(log, request.query.minPosition);
      const answer = readLog(log, (view) => {
        const size = sizeWithin(view, log, 'size', request.query.size);
        return { size, root: toBase64(view.root(size)) };
      });
      if (request.query.size !== undefined) reply.header('cache-control', IMMUTABLE);
      return answer;
    },
  );
}

function keyAndCheckpointRoutes(app: ZodApp, integrity: () => IntegrityPort, tags: string[]): void {
  app.get(
    '/api/v1/integrity/key',
    {
      schema: {
        summary: "The log's C2SP verifier key (name+keyid+base64 Ed25519 key), as Go's golang.org/x/mod/sumdb/note reads it",
        tags,
        response: { 200: { description: 'the verifier key string', content: { 'text/plain': { schema: z.string() } } }, 400: problems[400], 401: problems[401], 403: problems[403], 429: problems[429], 503: problems[503] },
      },
    },
    async (_request, reply) => {
      const key = integrity().verifierKey();
      return reply.type(TEXT).header('cache-control', 'public, max-age=3600').send(key);
    },
  );
  app.get(
    '/api/v1/integrity/checkpoint',
    {
      schema: {
        summary: 'The latest signed checkpoint: a C2SP tlog-checkpoint (origin, tree size, root) in a C2SP signed note',
        tags,
        response: { 200: { description: 'the signed note', content: { 'text/plain': { schema: z.string() } } }, ...problems },
      },
    },
    async (_request, reply) => {
      const latest = integrity().latestCheckpoint();
      if (latest === undefined) throw new ProblemError('not-found', 'no checkpoint is signed yet');
      return reply.type(TEXT).header('cache-control', 'no-cache').send(latest.note);
    },
  );
}

export const integrityFeature = defineFeature('integrity', (app, deps) => {
  const tags = ['integrity'];
  const integrity = () => integrityOf(deps);
  keyAndCheckpointRoutes(app, integrity, tags);
  inclusionRoute(app, integrity, tags);
  consistencyAndRootRoutes(app, integrity, tags);
});
