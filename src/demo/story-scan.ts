/**
 * Story 4, "port-scan": 192.0.2.200 SYN-scans 300 TCP ports of the public web address
 * 198.51.100.10 in under two minutes. The firewall drops most probes (Default-Deny), rejects
 * legacy service ports, passes 22/80/443 to web-01, and raises "Port scan detected"; Zeek on the
 * uplink logs one conn per probe (S0 for dropped, REJ for rejected, RSTO for open ports);
 * Suricata alerts once. Seen in edgewall-fw (CEF), zeek and suricata. Times in stories.ts.
 */
import { linuxHost, PUBLIC_WEB_IP, STORY_IPS } from './entities.ts';
import { newFlow } from './flow.ts';
import { cef, trafficExt } from './perimeter.ts';
import type { Rng } from './random.ts';
import { clock, type DayWindow, MINUTE } from './schedule.ts';
import { type BuiltStory, finish, storyStart } from './story-kit.ts';
import { alert } from './suricata.ts';
import type { Pending } from './types.ts';
import { conn } from './zeek.ts';

export const SCAN_PORT_COUNT = 300;
const OPEN = new Set([22, 80, 443]);
const REJECTED = new Set([
  21, 23, 25, 110, 111, 135, 137, 138, 139, 143, 161, 445, 513, 514, 1433, 1521, 3306, 3389, 5432, 5900,
]);
const COMMON = [
  21, 22, 23, 25, 53, 80, 110, 111, 135, 139, 143, 443, 445, 993, 995, 1723, 3306, 3389, 5900, 8080, 8443,
  1433, 1521, 5432, 161, 137, 138, 513, 514, 6379, 9200, 27017,
];

function scanPorts(rng: Rng): number[] {
  const ports = new Set<number>(COMMON);
  while (ports.size < SCAN_PORT_COUNT) ports.add(rng.int(1, 10000));
  const list = [...ports];
  for (let i = list.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [list[i], list[j]] = [list[j] as number, list[i] as number];
  }
  return list;
}

export function buildPortScan(rng: Rng, window: DayWindow): BuiltStory {
  const scanner = STORY_IPS.scanner;
  const t0 = storyStart(window, clock(14, 20, 0), 5 * MINUTE);
  const web = linuxHost('web-01');
  const sport = rng.int(40000, 65000);
  const records: Pending[] = [];
  let t = t0;
  let detected = 0;
  let last = t0;
  scanPorts(rng).forEach((dpt, i) => {
    const f = newFlow(rng, t, scanner, sport, PUBLIC_WEB_IP, dpt);
    const base = { src: scanner, spt: sport, dst: PUBLIC_WEB_IP, dpt, proto: 'TCP' as const, inIf: 'wan1' };
    if (OPEN.has(dpt)) {
      const rule = dpt === 22 ? 'Legacy-SSH-web-01' : 'Inbound-HTTPS-portal';
      records.push(
        cef(
          t,
          'allow',
          trafficExt({ ...base, rule, outIf: 'dmz1', natDst: web.ip, bytesOut: 44, bytesIn: 44 }, 'allow'),
        ),
      );
      records.push(conn(f, { duration: 0.0004, origBytes: 0, respBytes: 0, state: 'RSTO', history: 'ShR' }));
    } else if (REJECTED.has(dpt)) {
      records.push(
        cef(
          t,
          'reject',
          trafficExt({ ...base, rule: 'Reject-Legacy-Services', outIf: '' }, 'reject').filter(
            ([k]) => k !== 'deviceOutboundInterface',
          ),
        ),
      );
      records.push(conn(f, { state: 'REJ', history: 'Sr' }));
    } else {
      records.push(
        cef(
          t,
          'deny',
          trafficExt({ ...base, rule: 'Default-Deny', outIf: '' }, 'deny').filter(
            ([k]) => k !== 'deviceOutboundInterface',
          ),
        ),
      );
      records.push(conn(f, { state: 'S0', history: 'S' }));
    }
    if (i === 24) {
      detected = t + 5;
      records.push(
        cef(detected, 'portScan', [
          ['src', scanner],
          ['dst', PUBLIC_WEB_IP],
          ['proto', 'TCP'],
          ['cnt', 25],
          ['act', 'alert'],
          ['msg', 'TCP SYN scan: 25 ports in 8s'],
        ]),
        alert(detected + 1, f, {
          sid: 9100301,
          rev: 1,
          signature: 'NW-LOCAL SCAN Possible TCP SYN port scan (many destination ports)',
          category: 'Attempted Information Leak',
          severity: 2,
        }),
      );
    }
    last = t;
    t += rng.int(180, 480);
  });
  return finish(
    {
      id: 'port-scan',
      title: 'TCP SYN port scan of the public web address',
      summary: `${scanner} probes ${SCAN_PORT_COUNT} TCP ports on ${PUBLIC_WEB_IP}; most are dropped (Zeek S0) or rejected (Zeek REJ); 22, 80 and 443 answer.`,
      techniques: ['T1595.001', 'T1046'],
      hosts: [web.name],
      users: [],
      ips: [scanner, PUBLIC_WEB_IP],
      domains: [],
      steps: [
        { time: t0, what: `first probe from ${scanner}`, sources: ['edgewall-fw', 'zeek'] },
        {
          time: detected,
          what: 'firewall raises Port scan detected; Suricata alert',
          sources: ['edgewall-fw', 'suricata'],
        },
        { time: last, what: 'last probe', sources: ['edgewall-fw', 'zeek'] },
      ],
    },
    records,
  );
}
