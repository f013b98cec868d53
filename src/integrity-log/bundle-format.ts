/**
 * The export bundle (format `taizhang-bundle/1`): what `taizhang export` writes and
 * `taizhang verify` checks, offline, with nothing else.
 *
 *   events.ndjson          one line per leaf, in leaf order: exactly the RFC 8785 bytes the
 *                          leaf hashes (SHA-256(0x00 ‖ line)), then "\n"
 *   leaves.txt             one line per leaf: "<global position> <base64 leaf hash>\n".
 *                          Positions feed the projection replay (the envelope has none);
 *                          the hashes, once their Merkle roots match the signed checkpoints,
 *                          let verify name exactly which event was altered, dropped or moved
 *   checkpoints/<N>.note   every checkpoint signed up to the bundle's end, verbatim
 *                          (C2SP signed note of a C2SP tlog-checkpoint); the last one is the
 *                          bundle's tree size
 *   vkey.txt               the log's C2SP verifier key, then "\n"
 *   digests.json           every projection's digest after replaying the bundle's events
 *   manifest.json          format, origin, tree size and root, checkpoint sizes, and the
 *                          SHA-256 of every other file
 *
 * The two JSON files are in RFC 8785 form followed by "\n", and every field of the manifest
 * is checked against the rest: any changed byte anywhere in a bundle is detected. What is
 * authenticated by the log's signature is the events and the checkpoints; positions,
 * digests and the manifest are bound to them only by these cross-checks (a bundle forger
 * with the whole bundle in hand can recompute them, not the checkpoints). An auditor who
 * got the verifier key elsewhere passes it to verify with --key.
 */
import { z } from 'zod';
import { canonicalJson } from '../integrity/canonical-json.ts';

export const BUNDLE_FORMAT = 'taizhang-bundle/1';

export const EVENTS_FILE = 'events.ndjson';
export const LEAVES_FILE = 'leaves.txt';
export const VKEY_FILE = 'vkey.txt';
export const DIGESTS_FILE = 'digests.json';
export const MANIFEST_FILE = 'manifest.json';
export const CHECKPOINTS_DIR = 'checkpoints';

export function checkpointFile(treeSize: number): string {
  return `${CHECKPOINTS_DIR}/${treeSize}.note`;
}

export const CHECKPOINT_FILE_NAME = /^(0|[1-9][0-9]{0,15})\.note$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const BASE64_HASH = /^[A-Za-z0-9+/]{43}=$/;
const DECIMAL = /^(0|[1-9][0-9]{0,19})$/;

export const ManifestSchema = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  origin: z.string().min(1),
  treeSize: z.number().int().min(1),
  rootHash: z.string().regex(BASE64_HASH, 'base64 of 32 bytes'),
  /** Global position of the last leaf, decimal. */
  lastPosition: z.string().regex(DECIMAL, 'a decimal position'),
  checkpoints: z.array(z.number().int().min(1)).min(1),
  files: z.record(z.string(), z.string().regex(SHA256_HEX, 'lowercase hex SHA-256')),
});
export type Manifest = z.infer<typeof ManifestSchema>;

const TableDigestSchema = z.strictObject({ table: z.string(), rows: z.number().int().min(0), sha256: z.string().regex(SHA256_HEX) });
export const ProjectionDigestSchema = z.strictObject({
  name: z.string(),
  version: z.number().int().min(1),
  sha256: z.string().regex(SHA256_HEX),
  tables: z.array(TableDigestSchema),
});
export const DigestsSchema = z.strictObject({
  /** The position the digests are at: the bundle's last event. */
  position: z.string().regex(DECIMAL),
  projections: z.array(ProjectionDigestSchema),
});
export type ProjectionDigestEntry = z.infer<typeof ProjectionDigestSchema>;
export type Digests = z.infer<typeof DigestsSchema>;

/** The bytes of a bundle JSON file: RFC 8785 form and a final newline. */
export function canonicalFile(value: unknown): Buffer {
  return Buffer.from(`${canonicalJson(value)}\n`, 'utf8');
}

export function leavesLine(position: bigint, leafHashBase64: string): string {
  return `${position} ${leafHashBase64}\n`;
}
