import pino, { type Logger, type DestinationStream } from 'pino';

/**
 * Paths pino must never print: credentials and personal data. Values are censored
 * before serialisation, so a mistake elsewhere cannot leak them into a log file.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["idempotency-key"]',
  'headers.authorization',
  'authorization',
  'token',
  '*.token',
  'idNumber',
  '*.idNumber',
  'name',
  '*.name',
  'bankAccount',
  '*.bankAccount',
  'phone',
  '*.phone',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}
