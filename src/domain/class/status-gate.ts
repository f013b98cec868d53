import { reject, type Rejection } from '../decider.ts';
import type { ClassState, ClassStatus } from './state.ts';

/**
 * The class lifecycle, as the one place that says which command fits which status:
 *   none → requested → approved → completed; requested → refused (final).
 * A command needing `required` gets the code for where the class actually is.
 */
export function requireStatus(state: ClassState, required: Exclude<ClassStatus, 'none' | 'refused'>): Rejection | undefined {
  const actual = state.status;
  if (actual === required) return undefined;
  if (actual === 'none') return reject('class.not_requested', 'no opening request for this class');
  if (actual === 'refused') return reject('class.refused', 'the opening of this class was refused');
  if (required === 'requested') return reject('class.already_decided', `the opening request was already decided (${actual})`);
  if (required === 'approved' && actual === 'requested') return reject('class.not_approved', 'the opening of this class is not approved yet');
  if (required === 'approved') return reject('class.already_completed', 'the class is completed');
  return reject('class.not_completed', 'the class is not completed yet');
}
