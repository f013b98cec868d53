/**
 * Step 5 of verify: the digests of this build's projections, replayed from the bundle,
 * against digests.json — same projections, same versions, same rows.
 */
import type { ProjectionDefinition } from '../projections/definition.ts';
import { fault } from './bundle-fault.ts';
import { DIGESTS_FILE, type ProjectionDigestEntry } from './bundle-format.ts';
import type { BundleHead } from './verify-bundle.ts';

export function compareDigests(head: BundleHead, lastPosition: bigint, replayed: readonly ProjectionDigestEntry[], definitions: readonly ProjectionDefinition[]): { name: string; version: number; sha256: string }[] {
  const { digests, manifest } = head;
  if (manifest.lastPosition !== String(lastPosition)) {
    throw fault({ kind: 'manifest', file: 'manifest.json', message: 'lastPosition is not the position of the last leaf', expected: String(lastPosition), actual: manifest.lastPosition });
  }
  if (digests.position !== String(lastPosition)) {
    throw fault({ kind: 'file', file: DIGESTS_FILE, message: 'the digests are not at the bundle\'s last event', expected: String(lastPosition), actual: digests.position });
  }
  const claimed = new Map(digests.projections.map((p) => [p.name, p]));
  if (claimed.size !== digests.projections.length) throw fault({ kind: 'file', file: DIGESTS_FILE, message: 'a projection is listed twice' });
  for (const name of claimed.keys()) {
    if (!definitions.some((d) => d.name === name)) throw fault({ kind: 'projection', projection: name, file: DIGESTS_FILE, message: 'the bundle has a digest of a projection this taizhang does not have: verify with the version of taizhang that made the bundle' });
  }
  return replayed.map((mine) => {
    const theirs = claimed.get(mine.name);
    if (theirs === undefined) throw fault({ kind: 'projection', projection: mine.name, file: DIGESTS_FILE, message: 'the bundle has no digest of this projection' });
    if (theirs.version !== mine.version) {
      throw fault({ kind: 'projection', projection: mine.name, message: 'the bundle was made with another version of this projection: verify with the version of taizhang that made it', expected: `v${theirs.version}`, actual: `v${mine.version}` });
    }
    const tablesAgree = JSON.stringify(theirs.tables) === JSON.stringify(mine.tables);
    if (tablesAgree && theirs.sha256 !== mine.sha256) {
      // Every table's rows and hash agree: only the projection's own digest line was changed.
      throw fault({ kind: 'projection', projection: mine.name, file: DIGESTS_FILE, message: 'every table agrees with the replay, but the projection\'s digest is not the digest of those tables: the file was altered', expected: mine.sha256, actual: theirs.sha256 });
    }
    if (!tablesAgree) {
      const table = mine.tables.find((t, i) => JSON.stringify(t) !== JSON.stringify(theirs.tables[i])) ?? mine.tables[0];
      const other = theirs.tables.find((t) => t.table === table?.table);
      throw fault({
        kind: 'projection',
        projection: mine.name,
        message: `the replay of the events gives other rows${table ? ` in table ${table.table}` : ''} than the exporter's (on the exporter's data directory, taizhang digest --rows prints its rows to diff)`,
        expected: other ? `${other.rows} rows, sha256 ${other.sha256}` : theirs.sha256,
        actual: table ? `${table.rows} rows, sha256 ${table.sha256}` : mine.sha256,
      });
    }
    return { name: mine.name, version: mine.version, sha256: mine.sha256 };
  });
}
