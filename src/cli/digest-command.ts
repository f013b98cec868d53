import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { PROJECTIONS, selectProjections } from '../projections/catalog.ts';
import type { ProjectionDefinition } from '../projections/definition.ts';
import { readModelsDir } from '../projections/files.ts';
import { digestReadModelFile, servedFileOnDisk } from '../projections/projection-digest.ts';

export interface DigestCommandInput {
  names: readonly string[];
  dataDir: string;
  format: 'text' | 'json' | 'rows';
  out: (line: string) => void;
  definitions?: readonly ProjectionDefinition[];
}

/**
 * Prints the digest of each projection's served read model (see src/projections/digest.ts
 * for the encoding). `rows` prints the canonical lines themselves, to diff two replays.
 * Returns false when a projection has no served file yet.
 */
export function runDigest(input: DigestCommandInput): boolean {
  const catalogue = input.definitions ?? PROJECTIONS;
  const selected = selectProjections(catalogue, input.names);
  const dir = readModelsDir(input.dataDir);
  let allBuilt = true;
  const json: unknown[] = [];
  for (const definition of selected) {
    const file = servedFileOnDisk(definition, dir);
    if (file === undefined) {
      allBuilt = false;
      if (input.format === 'json') json.push({ projection: definition.name, version: definition.version, built: false });
      else input.out(`${definition.name} v${definition.version}: not built yet (start the server or run \`taizhang rebuild ${definition.name}\`)`);
      continue;
    }
    const d = digestReadModelFile(definition, file, input.format === 'rows' ? input.out : undefined);
    if (input.format === 'json') {
      json.push({ projection: d.projection, version: d.version, position: String(d.position), sha256: d.sha256, tables: d.tables });
    } else if (input.format === 'text') {
      input.out(`${d.projection} v${d.version} at position ${d.position}: sha256 ${d.sha256}`);
      for (const t of d.tables) input.out(`  ${t.table}: ${t.rows} rows, sha256 ${t.sha256}`);
    }
  }
  if (input.format === 'json') input.out(JSON.stringify(json, null, 2));
  return allBuilt;
}

export function registerDigestCommand(program: Command): void {
  program
    .command('digest')
    .description('print the SHA-256 digest of each read model (rows in key order, canonical encoding) and the position it is at')
    .argument('[names...]', 'projections to digest (default: all)')
    .option('--json', 'print JSON')
    .option('--rows', 'print the canonical lines that are hashed (to diff two replays)')
    .action((names: string[], options: { json?: boolean; rows?: boolean }) => {
      const format = options.rows === true ? 'rows' : options.json === true ? 'json' : 'text';
      try {
        const ok = runDigest({ names, dataDir: loadConfig().dataDir, format, out: (line) => process.stdout.write(`${line}\n`) });
        if (!ok) process.exitCode = 1;
      } catch (error) {
        process.stderr.write(`taizhang digest: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
      }
    });
}
