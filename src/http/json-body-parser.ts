import type { FastifyInstance } from 'fastify';
import { findIllFormed, ILL_FORMED_MESSAGE, mayHoldIllFormed, showSegment } from '../shared/well-formed-json.ts';
import { ProblemError } from './problem.ts';

/**
 * Fastify's own JSON body parser (same prototype-poisoning refusals, same errors), which
 * also refuses a body holding a string or property name that is not well-formed Unicode:
 * a 400 validation-failed naming the field, before any route schema, hook or command sees
 * the body. Such a string would be stored in an event the Merkle log can never hash
 * (src/shared/well-formed-json.ts). Every JSON body of every route passes here.
 *
 * The body text is decoded from UTF-8, so a lone surrogate can only arrive as a `\uD8xx`
 * escape: the parsed value is walked only when the text holds one.
 */
export function useWellFormedJsonParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    parse(request, text, (error, value) => {
      if (error) return done(error, undefined);
      const ill = mayHoldIllFormed(text) ? findIllFormed(value) : undefined;
      if (ill === undefined) return done(null, value);
      const path = ['body', ...ill.path.map(showSegment)].join('.');
      const message = `${ill.inKey ? 'property name' : 'string'} ${ILL_FORMED_MESSAGE}`;
      done(new ProblemError('validation-failed', `${path}: ${message}`, { errors: [{ path, message }] }), undefined);
    });
  });
}
