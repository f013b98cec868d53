import pino, { type Logger, type DestinationStream } from 'pino';

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

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, hooks: { streamWrite: maskLogLine } };
  return destination ? pino(options, destination) : pino(options);
}
