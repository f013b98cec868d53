import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import * as crypto from 'node:crypto';
import canonicalize from 'canonicalize';
import type { IdempotencyClaim, IdempotencyStore } from '../../app/idempotency-store.ts';
import { newRequestSeed, type RequestSeed } from '../../app/deterministic-ids.ts';
import { ProblemError } from '../problem.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Idempotency-Keys held in flight now (running requests, and ended ones not yet swept). */
    idempotencyKeysInFlight(): number;
  }
  interface FastifyRequest {
    /** Seed of this request's event ids: fresh, or the first attempt's under the same Idempotency-Key. */
    commandSeed: RequestSeed;
    /** The request re-runs an Idempotency-Key that was claimed but never answered (a crash). */
    commandReplay: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/**
 * Idempotency-Key on POST: the same key and body get the same status and body, with no new
 * events, also after a restart; the same key with another body is a 422 problem. Answers
 * below 500 are kept; a 5xx is not, so the client's retry re-runs the request, as a replay
 * with the first attempt's seed, which finds its events if they were written. A second
 * request with a key whose first is still running gets a 409 at once (this process
 * serves the key's whole life: the records live in this node's node.sqlite).
 */
/** Keys held in flight before the first sweep of ended ones (see holdKey). */
const IN_FLIGHT_SWEEP_MIN = 1024;

export const idempotencyPlugin = fp<{ store: IdempotencyStore; nowMs: () => number; inFlightSweepMin?: number }>(
  async (app, opts) => {
    // Keys whose request is running, with the reply that will answer it. A key is let go
    // when its answer is recorded (onSend below): a request with that key then finds the
    // recorded answer. A request that never reaches onSend (its connection gone before an
    // answer was sent) is let go when its key is next used, once its reply has ended.
    const inFlight = new Map<string, FastifyReply>();
    // Such ended entries would otherwise stay until their key came back, which a client that
    // hangs up with fresh keys never does: past a mark, they are swept, and the mark moves to
    // twice what is left, so the sweeps cost O(1) per claim however many keys run at once.
    const sweepMin = opts.inFlightSweepMin ?? IN_FLIGHT_SWEEP_MIN;
    let sweepAt = sweepMin;
    const holdKey = (slot: string, reply: FastifyReply) => {
      inFlight.set(slot, reply);
      if (inFlight.size < sweepAt) return;
      for (const [held, holder] of inFlight) if (hasEnded(holder)) inFlight.delete(held);
      sweepAt = Math.max(sweepMin, inFlight.size * 2);
    };
    app.decorate('idempotencyKeysInFlight', () => inFlight.size);
    app.decorateRequest('commandSeed', undefined as unknown as RequestSeed);
    app.decorateRequest('commandReplay', false);
    app.decorateRequest('idempotencyClaim', undefined);

    // Callback-style, so that a read (every GET) pays no promise here (see server.ts). After
    // a replayed answer is sent, done() ends the hooks: fastify runs none on a sent reply.
    app.addHook('preHandler', (request, reply, done) => {
      // Only a request that may write needs a seed for its event ids.
      if (SAFE_METHODS.has(request.method)) return done();
      request.commandSeed = newRequestSeed(opts.nowMs());
      const header = request.headers['idempotency-key'];
      if (header === undefined) return done();
      claimKey(request, reply, header).then(() => done(), done);
    });
    async function claimKey(request: FastifyRequest, reply: FastifyReply, header: string | string[]): Promise<unknown> {
      const key = Array.isArray(header) ? header[0] : header;
      if (key === undefined || !KEY_PATTERN.test(key)) {
        throw new ProblemError('validation-failed', 'Idempotency-Key must be 1 to 200 visible ASCII characters', { errors: [{ path: 'headers.idempotency-key', message: 'invalid' }] });
      }
      // Keys are scoped per principal; an anonymous caller has no scope of its own, and a
      // shared one would replay one caller's answer to another, so the header is ignored.
      const principalId = request.principal?.id;
      if (principalId === undefined) return;
      const slot = `${principalId}\u0000${key}`;
      const holder = inFlight.get(slot);
      if (holder !== undefined && !hasEnded(holder)) throw new ProblemError('idempotency-key-in-flight', 'a request with this Idempotency-Key is still being processed');
      const hash = sha256Hex(`${request.method} ${request.url}\n${canonicalize(request.body ?? null) ?? ''}`);
      // Marked before the claim is awaited: a second request with this key meanwhile is refused, not claimed twice.
      holdKey(slot, reply);
      let claim: IdempotencyClaim;
      try {
        claim = await opts.store.claim(principalId, key, hash, request.commandSeed, new Date(opts.nowMs()).toISOString());
      } catch (error) {
        inFlight.delete(slot);
        throw error;
      }
      switch (claim.kind) {
        case 'mismatch':
          inFlight.delete(slot);
          throw new ProblemError('idempotency-key-reused', 'this Idempotency-Key was used with a different request');
        case 'completed':
          inFlight.delete(slot);
          return reply.code(claim.statusCode).header('idempotent-replayed', 'true').type(claim.statusCode >= 400 ? 'application/problem+json' : 'application/json').send(claim.body);
        case 'unfinished':
          request.commandSeed = claim.seed;
          request.commandReplay = true;
          break;
        case 'new':
          break;
      }
      request.idempotencyClaim = { principalId, key, slot };
      return undefined;
    }

    // The answer is stored before it is sent: a client that got it finds it again after a
    // restart. Answers below 500 only: a 5xx leaves the key claimed, so a retry re-runs it.
    // Callback-style, so that a request without a key (every GET) pays no promise here.
    app.addHook('onSend', (request, reply, payload, done) => {
      const claimed = request.idempotencyClaim;
      if (claimed === undefined) return done(null, payload);
      // Taken before the write: if it fails, the 500 sent instead comes back here with nothing to record.
      request.idempotencyClaim = undefined;
      if (typeof payload !== 'string' || reply.statusCode >= 500) {
        inFlight.delete(claimed.slot);
        return done(null, payload);
      }
      opts.store.record(claimed.principalId, claimed.key, reply.statusCode, payload, new Date(opts.nowMs()).toISOString()).then(
        () => {
          inFlight.delete(claimed.slot);
          done(null, payload);
        },
        (error: Error) => {
          inFlight.delete(claimed.slot);
          done(error);
        },
      );
    });
  },
  { name: 'taizhang-idempotency', fastify: '5.x', dependencies: ['taizhang-auth'] },
);

/** The reply has been sent or its connection is gone: its request is over. */
function hasEnded(reply: FastifyReply): boolean {
  return reply.raw.writableEnded || reply.raw.destroyed;
}

/**
 * SHA-256 in hex through crypto.hash where Node has it (20.12+: one call, no Hash object),
 * else createHash: the same digest either way, so stored request hashes stay comparable.
 */
const sha256Hex: (text: string) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (text) => (crypto as unknown as { hash(algorithm: string, data: string, encoding: 'hex'): string }).hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

declare module 'fastify' {
  interface FastifyInstance {
    /** Idempotency-Keys held in flight now (running requests, and ended ones not yet swept). */
    idempotencyKeysInFlight(): number;
  }
  interface FastifyRequest {
    /** This request's claimed key, until its answer is recorded (or found not to be kept). */
    idempotencyClaim?: { principalId: string; key: string; slot: string };
  }
}
