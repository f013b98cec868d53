import { maskLogLine } from '../logging/logger.ts';
import { ProblemError } from './problem.ts';

const CLIENT_ID_HEADERS = ['x-request-id', 'x-correlation-id'] as const;

/**
 * A client-supplied id is copied into every event's metadata, which is immutable and exported.
 * One the log would mask (an ID or account number, a token) must never get there: the log's own
 * detector decides, so the two cannot drift apart.
 */
export function holdsPersonalData(value: string): boolean {
  return maskLogLine(value) !== value;
}

/** The refusal for a request whose X-Request-Id or X-Correlation-Id holds what the log masks, else undefined. */
export function clientIdRefusal(headers: Record<string, string | string[] | undefined>): ProblemError | undefined {
  const errors: { path: string; message: string }[] = [];
  for (const name of CLIENT_ID_HEADERS) {
    const v = headers[name];
    if (v === undefined) continue;
    if ((typeof v === 'string' ? [v] : v).some(holdsPersonalData)) {
      errors.push({ path: `headers.${name}`, message: 'must not hold an identity or account number or a token: it is stored in events' });
    }
  }
  return errors.length === 0 ? undefined : new ProblemError('validation-failed', 'a request or correlation id holds personal data or a secret', { errors });
}
