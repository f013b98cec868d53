/**
 * Typed failures of the integrity layer. Each carries a stable `code` (clients and the
 * verify CLI match on it) and, where a comparison failed, what was `expected` and what
 * was `actual`, as printable strings (hashes in base64), never secrets.
 *
 * Operating errors only: a broken invariant of our own code is `invariant()` from
 * src/domain/decider.ts, not one of these.
 */
export type IntegrityErrorCode =
  | 'integrity.canonical_json'
  | 'integrity.tree_range'
  | 'integrity.missing_node'
  | 'integrity.inclusion_invalid'
  | 'integrity.consistency_invalid'
  | 'integrity.note_malformed'
  | 'integrity.note_key_malformed'
  | 'integrity.note_signature_invalid'
  | 'integrity.note_unverified'
  | 'integrity.checkpoint_malformed'
  | 'integrity.checkpoint_origin'
  | 'integrity.checkpoint_inconsistent'
  | 'integrity.tlog_proof_malformed';

export interface IntegrityErrorDetails {
  /** What a check wanted, printable. */
  expected?: string;
  /** What it found, printable. */
  actual?: string;
}

export class IntegrityError extends Error {
  readonly code: IntegrityErrorCode;
  readonly expected: string | undefined;
  readonly actual: string | undefined;

  constructor(code: IntegrityErrorCode, message: string, details: IntegrityErrorDetails = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.expected = details.expected;
    this.actual = details.actual;
  }
}

/** A value that has no RFC 8785 form (BigInt, undefined in an array, a function, a cycle...). */
export class CanonicalJsonError extends IntegrityError {
  /** JSON Pointer (RFC 6901) to the offending value; '' is the root. */
  readonly path: string;
  constructor(path: string, expected: string, actual: string) {
    super('integrity.canonical_json', `no canonical JSON for the value at '${path || '/'}': expected ${expected}, got ${actual}`, { expected, actual });
    this.path = path;
  }
}

/** A leaf index or tree size outside what the tree (or the request) allows. */
export class TreeRangeError extends IntegrityError {
  readonly field: string;
  constructor(field: string, expected: string, actual: string) {
    super('integrity.tree_range', `${field}: expected ${expected}, got ${actual}`, { expected, actual });
    this.field = field;
  }
}

/** The node store lacks a hash it must hold for the tree size it reports: the store is damaged. */
export class MissingNodeError extends IntegrityError {
  constructor(level: number, index: number, treeSize: number) {
    super('integrity.missing_node', `node store has no hash for level ${level} index ${index} at tree size ${treeSize}`, {
      expected: `hash of node (${level}, ${index})`,
      actual: 'absent',
    });
  }
}

export type ProofFailureReason =
  | 'index_out_of_range'
  | 'size_order'
  | 'empty_tree'
  | 'hash_size'
  | 'proof_size'
  | 'root_mismatch';

/** An inclusion proof that does not bind the leaf to the root (RFC 9162 §2.1.3.2). */
export class InclusionProofError extends IntegrityError {
  readonly reason: ProofFailureReason;
  constructor(reason: ProofFailureReason, message: string, details: IntegrityErrorDetails = {}) {
    super('integrity.inclusion_invalid', `inclusion proof refused (${reason}): ${message}`, details);
    this.reason = reason;
  }
}

/** A consistency proof that does not show the second tree extends the first (RFC 9162 §2.1.4.2). */
export class ConsistencyProofError extends IntegrityError {
  readonly reason: ProofFailureReason;
  constructor(reason: ProofFailureReason, message: string, details: IntegrityErrorDetails = {}) {
    super('integrity.consistency_invalid', `consistency proof refused (${reason}): ${message}`, details);
    this.reason = reason;
  }
}

/** Text that is not a well-formed C2SP signed note. */
export class MalformedNoteError extends IntegrityError {
  constructor(message: string, details: IntegrityErrorDetails = {}) {
    super('integrity.note_malformed', `malformed note: ${message}`, details);
  }
}

/** A verifier or signer key string that does not parse or whose key ID does not match. */
export class MalformedNoteKeyError extends IntegrityError {
  constructor(message: string, details: IntegrityErrorDetails = {}) {
    super('integrity.note_key_malformed', `malformed note key: ${message}`, details);
  }
}

/** A signature by a known key (name and key ID match) that does not verify. */
export class InvalidNoteSignatureError extends IntegrityError {
  constructor(keyName: string, keyIdHex: string) {
    super('integrity.note_signature_invalid', `invalid signature for key ${keyName}+${keyIdHex}`, {
      expected: 'a valid Ed25519 signature of the note text',
      actual: 'signature does not verify',
    });
  }
}

/** A well-formed note that no trusted key signed. */
export class UnverifiedNoteError extends IntegrityError {
  constructor(expectedKeys: string, foundSignatures: string) {
    super('integrity.note_unverified', `note has no signature by a trusted key (trusted: ${expectedKeys}; found: ${foundSignatures || 'none'})`, {
      expected: expectedKeys,
      actual: foundSignatures || 'none',
    });
  }
}

/** A note text that is not a C2SP tlog-checkpoint body. */
export class MalformedCheckpointError extends IntegrityError {
  readonly field: string;
  constructor(field: string, expected: string, actual: string) {
    super('integrity.checkpoint_malformed', `malformed checkpoint ${field}: expected ${expected}, got ${actual}`, { expected, actual });
    this.field = field;
  }
}

/** A checkpoint from another log than the one asked for. */
export class CheckpointOriginError extends IntegrityError {
  constructor(expected: string, actual: string) {
    super('integrity.checkpoint_origin', `checkpoint origin: expected ${expected}, got ${actual}`, { expected, actual });
  }
}

/** A checkpoint that would contradict one the log already signed (C2SP tlog-checkpoint, Signatures). */
export class InconsistentCheckpointError extends IntegrityError {
  constructor(message: string, details: IntegrityErrorDetails) {
    super('integrity.checkpoint_inconsistent', message, details);
  }
}

/** Text that is not a c2sp.org/tlog-proof@v1 proof. */
export class MalformedTlogProofError extends IntegrityError {
  readonly line: number;
  constructor(line: number, expected: string, actual: string) {
    super('integrity.tlog_proof_malformed', `malformed tlog-proof at line ${line}: expected ${expected}, got ${actual}`, { expected, actual });
    this.line = line;
  }
}
