/**
 * `vigil certs dev`: a local certificate authority and a server certificate for localhost,
 * 127.0.0.1 and ::1, for trying HTTPS and syslog over TLS on one machine. Not for production:
 * there, use certificates from your own CA. Prints the configuration lines to use them.
 */
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { generate } from 'selfsigned';
import { VigilError } from '../../core/errors.ts';
import { commandContext, type GlobalFlags, out } from '../context.ts';

const DAY = 86_400_000;

export interface DevCertificates {
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
}

/** A CA (10 years) and a server certificate it signed (`days`, at most 397: what browsers accept). */
export async function makeDevCertificates(days = 397): Promise<DevCertificates> {
  const now = new Date();
  const ca = await generate([{ name: 'commonName', value: 'Vigil local development CA' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - DAY),
    notAfterDate: new Date(now.getTime() + 3650 * DAY),
    extensions: [
      { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - DAY),
    notAfterDate: new Date(now.getTime() + Math.min(days, 397) * DAY),
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { caCert: ca.cert, caKey: ca.private, serverCert: server.cert, serverKey: server.private };
}

export function certsCommand(program: Command): void {
  const certs = program.command('certs').description('TLS certificates');
  certs
    .command('dev')
    .description('make a local CA and a certificate for localhost/127.0.0.1/::1 (development only)')
    .option('--out <dir>', 'where to write them (default <data>/certs)')
    .option('--days <n>', 'validity of the server certificate in days (at most 397)', '397')
    .option('--force', 'replace existing files')
    .action(async (opts: { out?: string; days: string; force?: boolean }) => {
      const { config } = commandContext(program.opts<GlobalFlags>());
      const dir = resolve(opts.out ?? join(config.dataDir, 'certs'));
      const days = Number(opts.days);
      if (!Number.isInteger(days) || days < 1 || days > 397)
        throw new VigilError('bad_request', '--days is a whole number from 1 to 397', { location: '--days' });
      const files = {
        caCert: join(dir, 'ca.crt'),
        caKey: join(dir, 'ca.key'),
        serverCert: join(dir, 'server.crt'),
        serverKey: join(dir, 'server.key'),
      };
      const existing = Object.values(files).filter((f) => existsSync(f));
      if (existing.length > 0 && !opts.force) {
        throw new VigilError('conflict', `${existing.join(', ')} already exist; use --force to replace them`);
      }
      const made = await makeDevCertificates(days);
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      for (const [k, path] of Object.entries(files) as [keyof DevCertificates, string][]) {
        const secret = k === 'caKey' || k === 'serverKey';
        writeFileSync(path, made[k], { mode: secret ? 0o600 : 0o644 });
        if (secret) chmodSync(path, 0o600);
      }
      out(
        [
          `Wrote a development CA and a certificate for localhost, 127.0.0.1 and ::1 to ${dir}:`,
          `  ca.crt      trust this one in clients (curl --cacert ${files.caCert}, rsyslog's CA file)`,
          '  ca.key      the CA key: keep it private (it can sign certificates your clients trust)',
          '  server.crt  server.key',
          '',
          'Add to vigil.yaml (HTTPS for the API and console, and syslog over TLS on 6514):',
          '',
          'server:',
          '  tls:',
          `    certFile: ${files.serverCert}`,
          `    keyFile: ${files.serverKey}`,
          'syslog:',
          '  tlsPort: 6514',
          '  tls:',
          `    certFile: ${files.serverCert}`,
          `    keyFile: ${files.serverKey}`,
          '',
          `Then: curl --cacert ${files.caCert} https://localhost:${config.server.port}/healthz`,
          'For development only: in production use certificates from your own CA.',
        ].join('\n'),
      );
    });
}
