import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.ts';
import { checkConfig } from './checks.ts';

describe('configuration checks beyond the schema', () => {
  it('accepts UTC, offsets and IANA zones', () => {
    for (const z of ['UTC', '+02:00', 'Europe/Berlin']) {
      expect(() =>
        checkConfig(loadConfig({ env: {}, overrides: { 'ingest.assumeTimeZone': z } })),
      ).not.toThrow();
    }
  });
  it('names an unknown time zone and the key', () => {
    expect(() =>
      checkConfig(loadConfig({ env: {}, overrides: { 'ingest.assumeTimeZone': 'Mars/Olympus' } })),
    ).toThrow(/unknown time zone "Mars\/Olympus"/);
  });
  it('requires certificates for the syslog TLS port', () => {
    expect(() => checkConfig(loadConfig({ env: {}, overrides: { 'syslog.tlsPort': 6514 } }))).toThrow(
      /syslog\.tls/,
    );
  });
});
