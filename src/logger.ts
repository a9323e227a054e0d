import pino, { type Logger } from 'pino';

/** JSON logs; credentials are cut out wherever they could appear. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'headers.authorization',
        '*.accessToken',
        '*.ssoToken',
        '*.clientSecret',
        'authorization',
      ],
      censor: '[redacted]',
    },
  });
}
