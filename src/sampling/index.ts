/** Public surface of the sampling core: verifiable draws of subjects and inspectors. */
export { ALGORITHM_VERSION } from './version.ts';
export { runDraw, type DrawOptions } from './draw.ts';
export { SamplingInputError, SamplingErrorCodes, isSamplingInputError, type SamplingErrorCode } from './errors.ts';
export { subjectRosterHash, inspectorRosterHash, canonicalSubjectRoster, canonicalInspectorRoster } from './roster-hash.ts';
export { canonicalRandomness, deriveSeed, seedHex } from './seed.ts';
export { rfc3797KeyString } from './rfc3797-key.ts';
export { rfc3797Select, type Rfc3797Step } from './rfc3797.ts';
export { allocatedSize } from './select.ts';
export { drawOutcomeHash } from './outcome-hash.ts';
export { sha256 } from './sha256.ts';
export { md5 } from './md5.ts';
export type * from './types.ts';
