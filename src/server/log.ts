// Structured logging (pino). Log route patterns and ids, never personal data, tokens or bodies.
import pino, { type Logger } from 'pino';
import { config } from './config.ts';

let root: Logger | undefined;

export function logger(): Logger {
  root ??= pino({
    level: config().logLevel,
    base: { app: 'suara-warga' },
    // Defence in depth: should a caller pass one of these by mistake, it is masked.
    redact: {
      paths: [
        'password',
        '*.password',
        'token',
        '*.token',
        'email',
        '*.email',
        'phone',
        '*.phone',
        'name',
        '*.reporter_name',
        'cookie',
        '*.cookie',
        'authorization',
        '*.authorization',
        'accessKey',
        '*.accessKey',
      ],
      censor: '[redacted]',
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
  return root;
}
