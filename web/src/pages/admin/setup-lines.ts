/**
 * Copy-paste lines to send events to this Vigil: rsyslog forwarding to the syslog listener,
 * Splunk HEC and Elastic `_bulk` with an ingest token, and Vigil's own NDJSON endpoint.
 */
export interface SetupInput {
  /** The console's origin, e.g. `https://vigil.example.com:8470`. */
  origin: string;
  /** The token, or a placeholder when it is not shown any more. */
  token: string;
  source: string;
  /** The syslog listener's TCP port (Vigil's default 5514 when not known). */
  syslogPort?: number;
}

export interface SetupLine {
  id: 'rsyslog' | 'hec' | 'bulk' | 'ndjson';
  label: string;
  text: string;
}

export const TOKEN_PLACEHOLDER = '<TOKEN>';

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function setupLines(i: SetupInput): SetupLine[] {
  const host = new URL(i.origin).hostname;
  const port = i.syslogPort ?? 5514;
  const auth = (scheme: string) => `-H ${shellQuote(`Authorization: ${scheme} ${i.token}`)}`;
  return [
    {
      id: 'rsyslog',
      label:
        'rsyslog (forward everything over TCP; put in /etc/rsyslog.d/60-vigil.conf, then restart rsyslog)',
      text: [
        `# Vigil's syslog listener takes RFC 5424 with octet counting; events get its configured source`,
        `*.* action(type="omfwd" target="${host}" port="${port}" protocol="tcp"`,
        `           template="RSYSLOG_SyslogProtocol23Format" TCP_Framing="octet-counted"`,
        `           queue.type="LinkedList" queue.filename="vigil_fwd" action.resumeRetryCount="-1")`,
      ].join('\n'),
    },
    {
      id: 'hec',
      label: 'Splunk HTTP Event Collector',
      text: `curl -s ${i.origin}/services/collector/event ${auth('Splunk')} -d ${shellQuote(
        JSON.stringify({ event: `hello from ${i.source}`, sourcetype: 'syslog' }),
      )}`,
    },
    {
      id: 'bulk',
      label: 'Elastic _bulk (Beats, Logstash, Fluent Bit: point the Elasticsearch output here)',
      text: `printf '%s\\n' '{"create":{}}' ${shellQuote(
        JSON.stringify({ message: `hello from ${i.source}`, '@timestamp': '2026-01-05T10:00:00Z' }),
      )} | curl -s ${i.origin}/_bulk ${auth('Bearer')} -H 'Content-Type: application/x-ndjson' --data-binary @-`,
    },
    {
      id: 'ndjson',
      label: 'Lines or NDJSON files (any format Vigil parses)',
      text: `curl -s '${i.origin}/api/v1/ingest?format=auto' ${auth('Bearer')} -H 'Content-Type: text/plain' --data-binary @/var/log/auth.log`,
    },
  ];
}
