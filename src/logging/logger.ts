import pino, { type Logger, type DestinationStream } from 'pino';
import { LineBatch } from './line-batch.ts';

/**
 * Paths pino must never print: credentials and personal data. Values are censored
 * before serialisation, so a mistake elsewhere cannot leak them into a log file.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["idempotency-key"]',
  'req.headers["x-api-key"]',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  'token',
  '*.token',
  'tokens',
  'idNumber',
  '*.idNumber',
  'name',
  '*.name',
  'bankAccount',
  '*.bankAccount',
  'accountNumber',
  '*.accountNumber',
  'socialSecurityCard',
  '*.socialSecurityCard',
  'phone',
  '*.phone',
  'body',
  '*.body',
  'record',
  '*.record',
];

/**
 * The last line of defence, applied to every serialised line whatever its shape: an
 * 18-character resident ID (17 digits and a digit or X) or any other run of 15 to 19
 * digits (old 15-digit IDs, bank card numbers), a taizhang token, and a bearer credential
 * anywhere in a message, an error or a nested object are masked. Positions, times in ms
 * and counts are far shorter than 15 digits.
 */
const ID_OR_ACCOUNT = /(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15,19})(?![0-9A-Za-z])/g;
const TOKEN = /tz_[A-Za-z0-9_-]{20,}/g;
const BEARER = /(Bearer\s+)[^\s"\\]+/gi;

export function maskLogLine(line: string): string {
  return line.replace(ID_OR_ACCOUNT, '[redacted-number]').replace(TOKEN, 'tz_[redacted]').replace(BEARER, '$1[redacted]');
}

/**
 * Characters of log lines gathered before they are written out as one block (bufferedStdout).
 * A block of many multi-byte characters may exceed this in bytes: a write takes it whole.
 */
export const LOG_BUFFER_BYTES = 8 * 1024;
/** At most this long between a line and its write, however few lines come. */
export const LOG_FLUSH_INTERVAL_MS = 250;

/**
 * Standard output in blocks: lines are written once LOG_BUFFER_BYTES have gathered or every
 * LOG_FLUSH_INTERVAL_MS, not one write per line (one per request: a syscall and a callback
 * on the event loop each). The lines are gathered by LineBatch (line-batch.ts), not by
 * SonicBoom's minLength, which copied the whole gathered text at every line; SonicBoom then
 * writes each block asynchronously as it comes. What is left is written synchronously when
 * the process exits (a normal end, process.exit after SIGTERM, an uncaught exception). A
 * hard crash (SIGKILL, out of memory, power) loses at most the last quarter second of
 * lines: acceptable for request logs, because the audit record is the event log, durable
 * before any answer. `dest`: another file descriptor or path, written the same way (the
 * benchmarks' /dev/null).
 */
export function bufferedStdout(dest: number | string = 1): DestinationStream {
  const destination = pino.destination({ dest, minLength: 0, sync: false });
  const batch = new LineBatch(destination, LOG_BUFFER_BYTES);
  const timer = setInterval(() => {
    try {
      batch.flush();
    } catch {
      // Closed (destroyed) meanwhile: nothing left to write.
      clearInterval(timer);
    }
  }, LOG_FLUSH_INTERVAL_MS);
  timer.unref();
  destination.on('close', () => clearInterval(timer));
  return batch;
}

/** The logger; without a destination, standard output through bufferedStdout (a silent one writes nothing). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, hooks: { streamWrite: maskLogLine } };
  if (destination) return pino(options, destination);
  return level === 'silent' ? pino(options) : pino(options, bufferedStdout());
}
