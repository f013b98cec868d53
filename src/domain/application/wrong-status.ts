import { reject, type Rejection } from '../decider.ts';
import type { ApplicationState, ApplicationStatus } from './state.ts';

/** A command that does not fit the application's current step of the lifecycle. */
export function wrongStatus(state: ApplicationState, expected: readonly ApplicationStatus[]): Rejection {
  return reject('application.wrong_status', `the application is ${state.status}; this needs ${expected.join(' or ')}`, 'applicationId');
}
