/** `vigil serve`: everything in one process on one data directory (the embedded default). */
import type { Command } from 'commander';
import { startVigil } from '../../app/index.ts';
import { commandContext, err, type GlobalFlags } from '../context.ts';

export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('run Vigil: HTTP API and ingest (HEC, _bulk, NDJSON), syslog listeners, pipeline, stores')
    .option('--port <n>', 'HTTP port for API, console, HEC and _bulk (env VIGIL_PORT)', Number)
    .option('--host <addr>', 'address to listen on (env VIGIL_HOST)')
    .option('--syslog-port <n>', 'UDP and TCP syslog port (env VIGIL_SYSLOG_PORT)', Number)
    .option('--no-syslog', 'do not start the syslog listeners')
    .action(async (opts: { port?: number; host?: string; syslogPort?: number; syslog: boolean }) => {
      const flags = program.opts<GlobalFlags>();
      const { config, logger } = commandContext(flags, {
        'server.port': opts.port,
        'server.host': opts.host,
        'syslog.port': opts.syslogPort,
        ...(opts.syslog === false ? { 'syslog.enabled': false } : {}),
      });
      const vigil = await startVigil(config, logger);
      printWelcome(vigil, config.dataDir);
      let signals = 0;
      const stop = (signal: string) => {
        signals++;
        if (signals > 1) {
          err('second signal: exiting now (the journal keeps every acknowledged event)');
          process.exit(1);
        }
        logger.info({ signal }, 'stopping');
        const timer = setTimeout(() => {
          err('shutdown took too long: exiting (the journal keeps every acknowledged event)');
          process.exit(1);
        }, config.server.shutdownGraceMs);
        timer.unref();
        void vigil.close().then(() => process.exit(0));
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    });
}

function printWelcome(vigil: Awaited<ReturnType<typeof startVigil>>, dataDir: string): void {
  const token = vigil.firstRun.firstIngestToken;
  const lines = [
    '',
    `  Vigil is running — console and API: ${vigil.url}`,
    `  data directory: ${dataDir}`,
    `  OpenAPI: ${vigil.url}/api/openapi.json`,
    '',
  ];
  const password = vigil.firstRun.adminPassword;
  if (password) {
    lines.push(
      '  First start: sign in to the console as "admin" with this one-time password (shown only now;',
      '  you will choose your own at first sign-in):',
      `    ${password}`,
      '',
    );
  }
  if (token) {
    lines.push(
      '  First start: an ingest token for source "http" was created. It is shown only now:',
      `    ${token}`,
      '',
      '  Send an event over Splunk HEC:',
      `    curl -s ${vigil.url}/services/collector/event -H "Authorization: Splunk ${token}" -d '{"event":"hello from curl","sourcetype":"syslog"}'`,
    );
  } else {
    lines.push(
      '  Send an event over Splunk HEC (make a token with: npx vigil token create --source myapp):',
      `    curl -s ${vigil.url}/services/collector/event -H "Authorization: Splunk $VIGIL_TOKEN" -d '{"event":"hello from curl"}'`,
    );
  }
  const { udpPort, tcpPort } = vigil.syslog;
  if (udpPort !== undefined && udpPort === tcpPort) {
    lines.push(
      '',
      '  Send a syslog message (UDP and TCP):',
      `    logger -n 127.0.0.1 -P ${udpPort} --rfc5424 "hello from logger"`,
    );
  } else if (udpPort !== undefined || tcpPort !== undefined) {
    // With --syslog-port 0 the two listeners get different free ports: show each.
    lines.push('', '  Send a syslog message:');
    if (udpPort !== undefined)
      lines.push(`    logger -n 127.0.0.1 -P ${udpPort} -d --rfc5424 "hello from logger"     # UDP`);
    if (tcpPort !== undefined)
      lines.push(`    logger -n 127.0.0.1 -P ${tcpPort} -T --rfc5424 "hello from logger"     # TCP`);
  }
  lines.push('', '  See data at once:  npx vigil demo   then   npx vigil search "event.code:4625"', '');
  process.stdout.write(`${lines.join('\n')}\n`);
}
