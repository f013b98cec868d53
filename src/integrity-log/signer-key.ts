/**
 * The log's Ed25519 signing key: `${dataDir}/keys/log-signer.key` (mode 0600, created on
 * first start through src/keys/key-files.ts), holding the C2SP signer key string
 * `PRIVATE+KEY+<origin>+<key id>+<base64>` that Go's note.NewSigner reads too. The key's
 * name is the log's origin, so the file fixes the origin for the life of the log.
 * Nothing here prints the key; errors name the file, never its bytes.
 */
import { generateSignerKey, parseSignerKey, type NoteSigner } from '../integrity/note-keys.ts';
import { keysDir, loadOrCreateKey, type KeyValidator } from '../keys/key-files.ts';
import { DEFAULT_LOG_ORIGIN } from './config.ts';

export const LOG_SIGNER_KEY_NAME = 'log-signer.key';

/** The signing key's origin differs from the one configured: a log's origin never changes. */
export class LogOriginMismatchError extends Error {
  readonly code = 'integrity.origin_mismatch';
  constructor(
    readonly configured: string,
    readonly ofKey: string,
    dataDir: string,
  ) {
    super(
      `TAIZHANG_LOG_ORIGIN is ${configured}, but the log's signing key (${keysDir(dataDir)}/${LOG_SIGNER_KEY_NAME}) belongs to the log ${ofKey}: ` +
        'a log keeps its origin for life (unset TAIZHANG_LOG_ORIGIN, or use another data directory for another log)',
    );
    this.name = 'LogOriginMismatchError';
  }
}

const isSignerKey: KeyValidator = (bytes) => {
  try {
    parseSignerKey(bytes.toString('utf8').trim());
    return undefined;
  } catch {
    return 'not a C2SP Ed25519 signer key (PRIVATE+KEY+<name>+<key id>+<base64>)';
  }
};

/** The log's signer, created on first use with `origin` (default DEFAULT_LOG_ORIGIN) as its name. */
export function loadLogSigner(dataDir: string, origin: string | undefined): NoteSigner {
  const bytes = loadOrCreateKey(dataDir, LOG_SIGNER_KEY_NAME, () => Buffer.from(generateSignerKey(origin ?? DEFAULT_LOG_ORIGIN), 'utf8'), isSignerKey);
  const signer = parseSignerKey(bytes.toString('utf8').trim());
  bytes.fill(0);
  if (origin !== undefined && signer.name !== origin) throw new LogOriginMismatchError(origin, signer.name, dataDir);
  return signer;
}
