import { defineProjection, folderOf } from '../../src/projections/definition.ts';
import { MerkleLogWriter } from '../../src/integrity-log/log-writer.ts';

/**
 * merkle-log: the RFC 9162 Merkle tree of the event log (design.md, "Integrity"), kept by
 * the projection runtime like any read model — batches applied with the checkpoint in one
 * transaction, exactly once after a crash — but fed by the RAW store (src/integrity-log/
 * integrity-log.ts starts it), because the log hashes events as they were stored, never as
 * they are upcast. Not in the catalogue of read models (src/projections/catalog.ts) for
 * that reason, and not in export digests: the bundle's checkpoints already pin the tree.
 *
 * Deterministic: the same events give the same nodes whatever the batch size. A version
 * bump rebuilds it beside the served file; the signer then refuses to sign unless the new
 * tree is consistent with every checkpoint already signed.
 */
export const merkleLog = defineProjection({
  name: 'merkle-log',
  version: 2,
  eventTypes: '*',
  migrationsDir: folderOf(import.meta.url),
  digest: [
    { table: 'tree_tiles', key: ['tier', 'tile'] },
    { table: 'leaf_tiles', key: ['tile'] },
    { table: 'leaf_ids', key: ['event_id'] },
  ],
  prepare: (db) => new MerkleLogWriter(db),
});
