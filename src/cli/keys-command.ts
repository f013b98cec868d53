import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { loadIntegrityConfig } from '../integrity-log/config.ts';
import { loadLogSigner } from '../integrity-log/signer-key.ts';

/**
 * `taizhang keys show`: the log's C2SP verifier key (origin+keyid+base64 Ed25519 key), what
 * auditors pin to check checkpoints and bundles (`taizhang verify DIR --key …`, Go's
 * note.NewVerifier). The signing key is created on first use, like at a server's first start;
 * the private key is never printed.
 */
export function runKeysShow(input: { dataDir: string; origin: string | undefined; out: (line: string) => void }): void {
  input.out(loadLogSigner(input.dataDir, input.origin).verifierKey);
}

export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description("the Merkle log's signing key");
  keys
    .command('show')
    .description("print the log's verifier key (C2SP signed-note format); creates the signing key in ./data/keys on first use")
    .action(() => {
      try {
        runKeysShow({ dataDir: loadConfig().dataDir, origin: loadIntegrityConfig().origin, out: (line) => process.stdout.write(`${line}\n`) });
      } catch (error) {
        process.stderr.write(`taizhang keys show: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
      }
    });
}
