/**
 * Which events are leaves of the Merkle log. Everything the store hands out through
 * readAll/subscribeAll is, except:
 *  - system events (`$` streams or types): the port already keeps them out; checked again
 *    here because a leaf can never be taken back;
 *  - `pii-` streams: on EventStoreDB the personal-data vault keeps its encrypted records
 *    there, and erasure deletes them for good. The log is immutable and exported, so they
 *    must never become leaves (design.md, "Personal data").
 * The export and `taizhang verify` apply the same rule, so leaf i is the same event for
 * the log, the bundle and the replay.
 */
export const VAULT_STREAM_PREFIX = 'pii-';

export function belongsInLog(event: { readonly stream: string; readonly type: string }): boolean {
  return !event.stream.startsWith('$') && !event.type.startsWith('$') && !event.stream.startsWith(VAULT_STREAM_PREFIX);
}
