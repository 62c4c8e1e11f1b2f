/** Checks of the configuration that need more than the schema (other layers' knowledge). */
import type { VigilConfig } from '../config/index.ts';
import { ConfigError } from '../core/errors.ts';
import { resolveZone } from '../ingest/index.ts';

export function checkConfig(config: VigilConfig): void {
  if (!resolveZone(config.ingest.assumeTimeZone)) {
    throw new ConfigError(
      `unknown time zone "${config.ingest.assumeTimeZone}": use UTC, an offset such as +02:00, or an IANA name such as Europe/Berlin`,
      'ingest.assumeTimeZone',
    );
  }
  if (config.syslog.tlsPort !== undefined && !config.syslog.tls) {
    throw new ConfigError('syslog.tlsPort is set but syslog.tls (certFile, keyFile) is not', 'syslog.tls');
  }
}
