import { reject, type Rejection } from '../decider.ts';

/**
 * A command carrying an id that is already recorded is either a retry (same content:
 * decided as "nothing to do", so a saga re-run after a crash writes nothing twice) or a
 * mistake (different content: refused with `code`). Only the listed keys are compared:
 * dates may differ between a request and its retry.
 */
export function retryOrConflict<T extends object>(
  existing: T,
  candidate: Partial<T>,
  keys: readonly (keyof T & string)[],
  code: string,
  field: string,
): [] | Rejection {
  for (const k of keys) {
    if (existing[k] !== candidate[k]) {
      return reject(code, `${field} is already used for a different ${k}`, field);
    }
  }
  return [];
}
