import fp from 'fastify-plugin';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { EventIdConflictError, EventSchemaError, InvalidAppendError, WrongExpectedRevisionError } from '../../eventstore/errors.ts';
import { makeProblem, ProblemError, type FieldError, type Problem } from '../problem.ts';
import type { ProblemSlug } from '../problem-types.ts';
import { CommandRejectedError } from '../../app/run-command.ts';
import { rejectionStatus } from '../rejection-status.ts';

/** Fastify's own error codes for bodies it cannot read, mapped to stable problem types. */
const FASTIFY_CODES: Record<string, ProblemSlug> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed-body',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed-body',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'malformed-body',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload-too-large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_INVALID_TYPE: 'unsupported-media-type',
};

function validationErrors(error: { validation: { instancePath?: string; message?: string; params?: unknown }[]; validationContext?: string }): FieldError[] {
  const where = error.validationContext ?? 'body';
  return error.validation.map((v) => {
    const issuePath = (v.params as { issue?: { path?: (string | number)[] } } | undefined)?.issue?.path;
    const tail = issuePath && issuePath.length > 0 ? issuePath.join('.') : (v.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
    return { path: tail ? `${where}.${tail}` : where, message: v.message ?? 'invalid' };
  });
}

/** Turns any error into RFC 9457 problem+json. Unknown errors become 500 `internal`, logged. */
export function toProblem(error: unknown, request: FastifyRequest): { problem: Problem; headers: Record<string, string> } {
  const instance = request.url.split('?')[0];
  if (error instanceof ProblemError) return { problem: error.toProblem(instance), headers: error.headers };
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = validationErrors(error as never);
    return { problem: makeProblem('validation-failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), instance, { errors }), headers: {} };
  }
  if (error instanceof CommandRejectedError) {
    const r = error.rejection;
    const ext: Record<string, unknown> = { code: r.code, status: rejectionStatus(r.code) };
    if (r.field !== undefined) ext.errors = [{ path: r.field, message: r.message }];
    return { problem: makeProblem('domain-rejection', r.message, instance, ext), headers: {} };
  }
  if (error instanceof WrongExpectedRevisionError) return { problem: makeProblem('wrong-expected-revision', error.message, instance), headers: {} };
  if (error instanceof EventIdConflictError) return { problem: makeProblem('event-id-conflict', error.message, instance), headers: {} };
  if (error instanceof InvalidAppendError) {
    return { problem: makeProblem('validation-failed', error.message, instance, { errors: [{ path: error.field, message: error.message }] }), headers: {} };
  }
  if (error instanceof EventSchemaError) {
    return { problem: makeProblem('validation-failed', error.message, instance, { errors: error.issues }), headers: {} };
  }
  const fe = error as Partial<FastifyError>;
  const slug = fe.code ? FASTIFY_CODES[fe.code] : undefined;
  if (slug) return { problem: makeProblem(slug, fe.message, instance), headers: {} };
  if (fe.statusCode === 429) return { problem: makeProblem('rate-limited', fe.message, instance), headers: {} };
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const errors = Array.isArray((fe as { validation?: unknown }).validation) ? validationErrors(fe as never) : undefined;
    return { problem: makeProblem('validation-failed', fe.message, instance, errors ? { errors } : {}), headers: {} };
  }
  return { problem: makeProblem('internal', `request ${request.id} failed; it is logged`, instance), headers: {} };
}

export function sendProblem(reply: FastifyReply, problem: Problem, headers: Record<string, string> = {}): FastifyReply {
  return reply.code(problem.status).headers(headers).type('application/problem+json').send(problem);
}

export const problemHandler = fp(
  async (app) => {
    app.setErrorHandler((error, request, reply) => {
      const { problem, headers } = toProblem(error, request);
      if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
      else request.log.info({ problem: problem.type, status: problem.status }, 'request refused');
      return sendProblem(reply, problem, headers);
    });
    app.setNotFoundHandler((request, reply) => sendProblem(reply, makeProblem('not-found', `no route ${request.method} ${request.url.split('?')[0]}`, request.url.split('?')[0])));
  },
  { name: 'taizhang-problem-handler', fastify: '5.x' },
);
