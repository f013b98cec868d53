/**
 * A rejection is 409 Conflict when the command clashes with what already happened
 * (paid already, a serial taken, a payment in flight): retrying the same command can
 * never succeed, and the client should reload. Every other rule refusal is 422.
 */
// `already_` anywhere in the rule's name: fund.application_already_paid is the very
// clash this status is for (a second payment), as are already_committed, already_opened …
const CONFLICT = /\.([a-z_]*already_|.*_exists$|.*conflict|.*in_flight$|.*_taken$|duplicate_)/;

export function rejectionStatus(code: string): 409 | 422 {
  return CONFLICT.test(code) ? 409 : 422;
}
