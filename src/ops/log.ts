/**
 * Structured logs (pino, JSON lines on stderr). Fields that may carry secrets are redacted by
 * path, so no token or password reaches a log line even when a request object is logged.
 */
import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger };

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  '*.token',
  '*.password',
  '*.secret',
  '*.keyPassphrase',
  '*.passphrase',
  '*.clientSecret',
  '*.apiKey',
  '*.masterKey',
  '*.plaintext',
  'req.query.token',
  'token',
  'password',
  'secret',
  'passphrase',
  'clientSecret',
];

export function createLogger(level: string, destination: NodeJS.WritableStream = process.stderr): Logger {
  return pino(
    {
      level,
      base: { app: 'vigil' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination as DestinationStream,
  );
}
