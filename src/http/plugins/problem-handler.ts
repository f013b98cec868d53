import fp from 'fastify-plugin';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { EventIdConflictError, EventSchemaError, InvalidAppendError, WrongExpectedRevisionError } from '../../eventstore/errors.ts';
import { makeProblem, ProblemError, type FieldError, type Problem } from '../problem.ts';
import type { ProblemSlug } from '../problem-types.ts';
import { CommandRejectedError } from '../../app/run-command.ts';
import { rejectionStatus } from '../rejection-status.ts';

/** Fastify's own error codes for requests it cannot read, mapped to stable problem types. */
const FASTIFY_CODES: Record<string, ProblemSlug> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed-body',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed-body',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'malformed-body',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload-too-large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_INVALID_TYPE: 'unsupported-media-type',
  FST_ERR_BAD_URL: 'bad-request',
  FST_ERR_MAX_PARAM_LENGTH: 'uri-too-long',
  FST_ERR_ASYNC_CONSTRAINT: 'bad-request',
};

type Validation = { instancePath?: string; message?: string; params?: unknown }[];

/** `body.x.y` for the field at fault: the part of the request, then the path inside it. */
function validationErrors(error: { validation: Validation; validationContext?: string }): FieldError[] {
  const where = error.validationContext ?? 'body';
  return error.validation.map((v) => {
    const issuePath = (v.params as { issue?: { path?: (string | number)[] } } | undefined)?.issue?.path;
    const tail = issuePath && issuePath.length > 0 ? issuePath.join('.') : (v.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
    return { path: tail ? `${where}.${tail}` : where, message: v.message ?? 'invalid' };
  });
}

function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0] ?? request.url;
}

/** A body the JSON parser refused for holding `__proto__` or `constructor.prototype` (a prototype-poisoning attempt). */
function isPoisonedBody(error: unknown): boolean {
  return error instanceof SyntaxError && /prototype/i.test(error.message) && (error as { statusCode?: number }).statusCode === 400;
}

type Mapped = { problem: Problem; headers: Record<string, string> };

function fromStoreOrDomain(error: unknown, instance: string): Mapped | undefined {
  if (error instanceof CommandRejectedError) {
    const r = error.rejection;
    const ext: Record<string, unknown> = { code: r.code };
    if (r.field !== undefined) ext.errors = [{ path: r.field, message: r.message }];
    const slug = rejectionStatus(r.code) === 409 ? 'domain-conflict' : 'domain-rejection';
    return { problem: makeProblem(slug, r.message, instance, ext), headers: {} };
  }
  const named = fromAppErrorName(error, instance);
  if (named) return named;
  if (error instanceof WrongExpectedRevisionError) return { problem: makeProblem('wrong-expected-revision', error.message, instance), headers: {} };
  if (error instanceof EventIdConflictError) return { problem: makeProblem('event-id-conflict', error.message, instance), headers: {} };
  // The store refusing an event means the route's schema let through what the event's does
  // not: still the caller's input, so a 400 naming the event field, never a 500.
  if (error instanceof InvalidAppendError) {
    return { problem: makeProblem('validation-failed', error.message, instance, { errors: [{ path: error.field, message: error.message }] }), headers: {} };
  }
  if (error instanceof EventSchemaError) {
    return { problem: makeProblem('validation-failed', error.message, instance, { errors: error.issues }), headers: {} };
  }
  return undefined;
}

/**
 * App-layer errors recognised by name, so that this file need not import every service:
 * RegionScopeError (a record outside the principal's region), RevealNotAllowedError (a
 * role that may not see unmasked data), SumOutOfRangeError (a read model's sum beyond what
 * an answer carries exactly, projections/shared/exact-fen.ts), and any `…InputError` carrying the `field` at
 * fault (e.g. PersonRefInputError for an invalid ID number). Their messages never repeat
 * the values they refuse.
 */
function fromAppErrorName(error: unknown, instance: string): Mapped | undefined {
  if (!(error instanceof Error)) return undefined;
  if (error.name === 'RegionScopeError') return { problem: makeProblem('forbidden', error.message, instance, { reason: 'region' }), headers: {} };
  if (error.name === 'RevealNotAllowedError') return { problem: makeProblem('forbidden', error.message, instance, { reason: 'reveal' }), headers: {} };
  if (error.name === 'SumOutOfRangeError') return { problem: makeProblem('sum-out-of-range', error.message, instance), headers: {} };
  const field = (error as { field?: unknown }).field;
  if (error.name.endsWith('InputError') && typeof field === 'string') {
    return { problem: makeProblem('validation-failed', error.message, instance, { errors: [{ path: field, message: error.message }] }), headers: {} };
  }
  return undefined;
}

function fromFastify(error: unknown, instance: string): Mapped | undefined {
  const fe = error as Partial<FastifyError>;
  const slug = fe.code ? FASTIFY_CODES[fe.code] : undefined;
  if (slug) return { problem: makeProblem(slug, fe.message, instance), headers: {} };
  if (isPoisonedBody(error)) return { problem: makeProblem('malformed-body', 'the body holds a forbidden prototype property', instance), headers: {} };
  if (fe.statusCode === 429) return { problem: makeProblem('rate-limited', fe.message, instance), headers: {} };
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    if (Array.isArray((fe as { validation?: unknown }).validation)) {
      const errors = validationErrors(fe as never);
      return { problem: makeProblem('validation-failed', fe.message, instance, { errors }), headers: {} };
    }
    return { problem: makeProblem('bad-request', fe.message, instance), headers: {} };
  }
  return undefined;
}

/** Turns any error into RFC 9457 problem+json. Unknown errors become 500 `internal`, logged. */
export function toProblem(error: unknown, request: FastifyRequest): Mapped {
  const instance = pathOf(request);
  if (error instanceof ProblemError) return { problem: error.toProblem(instance), headers: error.headers };
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = validationErrors(error as never);
    return { problem: makeProblem('validation-failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), instance, { errors }), headers: {} };
  }
  return (
    fromStoreOrDomain(error, instance) ??
    fromFastify(error, instance) ?? { problem: makeProblem('internal', `request ${request.id} failed; it is logged`, instance), headers: {} }
  );
}

export function sendProblem(reply: FastifyReply, problem: Problem, headers: Record<string, string> = {}): FastifyReply {
  return reply.code(problem.status).headers(headers).type('application/problem+json').send(problem);
}

/** Answers an error as a problem; logs a 5xx with its error, a 4xx as one info line without it. */
export function replyWithProblem(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { problem, headers } = toProblem(error, request);
  if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ problem: problem.type, status: problem.status }, 'request refused');
  return sendProblem(reply, problem, headers);
}

export interface ProblemHandlerOptions {
  /** Methods that have a route at this path: when any, an unmatched request is a 405, not a 404. */
  allowedMethods(path: string): string[];
}

export const problemHandler = fp<ProblemHandlerOptions>(
  async (app, opts) => {
    app.setErrorHandler((error, request, reply) => replyWithProblem(error, request, reply));
    app.setNotFoundHandler((request, reply) => {
      const path = pathOf(request);
      const allowed = opts.allowedMethods(path);
      if (allowed.length > 0) {
        return sendProblem(reply, makeProblem('method-not-allowed', `${request.method} is not allowed on ${path}; use ${allowed.join(', ')}`, path), { allow: allowed.join(', ') });
      }
      return sendProblem(reply, makeProblem('not-found', `no route ${request.method} ${path}`, path));
    });
  },
  { name: 'taizhang-problem-handler', fastify: '5.x' },
);
