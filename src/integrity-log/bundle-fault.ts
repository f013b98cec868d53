/**
 * What `taizhang verify` reports when a bundle does not hold: the first fault found, naming
 * what is at fault (file, leaf index, event id, checkpoint, projection) and what differs.
 */
import { EVENTS_FILE } from './bundle-format.ts';

export type BundleFaultKind =
  /** manifest.json malformed or contradicting the rest of the bundle. */
  | 'manifest'
  /** vkey.txt malformed, or not the key the auditor trusts. */
  | 'key'
  /** a checkpoint malformed, not signed by the key, or not matching the events' tree. */
  | 'checkpoint'
  /** leaves.txt malformed, or its hashes not the events'. */
  | 'leaves'
  /** an event line altered, missing, moved or extra. */
  | 'event'
  /** an event (authentic: it hashes to its signed leaf) that its schema refuses. */
  | 'schema'
  /** a projection's replay digest differing from digests.json. */
  | 'projection'
  /** a file missing, extra, unreadable, or differing from the manifest's SHA-256. */
  | 'file';

export interface BundleFault {
  kind: BundleFaultKind;
  message: string;
  file?: string;
  leafIndex?: number;
  eventId?: string;
  /** The tree size of the checkpoint at fault. */
  checkpoint?: number;
  projection?: string;
  expected?: string;
  actual?: string;
}

export class BundleFaultError extends Error {
  constructor(readonly fault: BundleFault) {
    super(fault.message);
    this.name = 'BundleFaultError';
  }
}

export function fault(f: BundleFault): BundleFaultError {
  return new BundleFaultError(f);
}

/** Why an event its schema refuses is the log's fault, not tampering: it hashed to its signed leaf. */
export const AUTHENTIC_LINE = 'it hashes to its signed leaf: the log itself holds it';

/** Event line `leafIndex`, authentic, refused by its type's schema (`message` says why). */
export function schemaFault(leafIndex: number, eventId: string, message: string): BundleFault {
  return { kind: 'schema', file: EVENTS_FILE, leafIndex, eventId, message: `${message}; ${AUTHENTIC_LINE}` };
}

/** Event line `leafIndex`, authentic, that is not the RFC 8785 form of what it parses to. */
export function notCanonicalFault(leafIndex: number, bytes: Uint8Array): BundleFault {
  return { kind: 'schema', file: EVENTS_FILE, leafIndex, ...lineIdOf(bytes), message: `line ${leafIndex + 1} is not in RFC 8785 canonical form; ${AUTHENTIC_LINE}` };
}

/** The event id of a line, for naming it (from the JSON, or found in the text of a damaged line). */
export function lineIdOf(bytes: Uint8Array): { eventId?: string } {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  try {
    const id = (JSON.parse(text) as { id?: unknown }).id;
    if (typeof id === 'string') return { eventId: id };
  } catch {
    // damaged: look for it in the text
  }
  const m = /"id":"([0-9A-Za-z-]{1,64})"/.exec(text);
  return m === null ? {} : { eventId: m[1]! };
}

/** One line naming everything known about the fault, for the terminal. */
export function describeFault(f: BundleFault): string {
  const where = [
    f.file !== undefined ? `file ${f.file}` : undefined,
    f.checkpoint !== undefined ? `checkpoint ${f.checkpoint}` : undefined,
    f.leafIndex !== undefined ? `leaf ${f.leafIndex}` : undefined,
    f.eventId !== undefined ? `event ${f.eventId}` : undefined,
    f.projection !== undefined ? `projection ${f.projection}` : undefined,
  ].filter((x) => x !== undefined);
  const diff = f.expected !== undefined || f.actual !== undefined ? ` (expected ${f.expected ?? '?'}, found ${f.actual ?? '?'})` : '';
  return `${f.kind} fault${where.length > 0 ? ` at ${where.join(', ')}` : ''}: ${f.message}${diff}`;
}
