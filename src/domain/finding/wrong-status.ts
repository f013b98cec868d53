import { reject, type Rejection } from '../decider.ts';
import type { FindingState, FindingStatus } from './state.ts';

export function wrongStatus(s: FindingState, expected: readonly FindingStatus[]): Rejection {
  return reject('finding.wrong_status', `the finding is ${s.status}; expected ${expected.join(' or ')}`, 'findingId');
}
