/**
 * The phishing story's command-and-control traffic: TLS beacons from the victim to
 * telemetry-sync.example (198.51.100.66:443) about every 60 s with jitter. Each beacon is a
 * Zeek conn + ssl and a Suricata tls event (known implant JA3); every 5th is logged by the
 * firewall and every 20th raises a Suricata alert; every 17th carries a larger response (tasking).
 */
import { OFFICE_EGRESS_IP, STORY_IPS, type WinHost } from './entities.ts';
import { ephemeral, newFlow } from './flow.ts';
import { cef, trafficExt } from './perimeter.ts';
import type { Rng } from './random.ts';
import { alert, tls } from './suricata.ts';
import type { Pending } from './types.ts';
import { conn, ssl } from './zeek.ts';

export const C2_DOMAIN = 'telemetry-sync.example';
export const BEACON_JA3 = 'a0e9f5d64349fb13191bc781f81f42e1';

/** Appends beacons in [from, until) to `net`; returns the first beacon's time and source port. */
export function beacons(
  rng: Rng,
  ws: WinHost,
  from: number,
  until: number,
  net: Pending[],
): { time: number; sport: number } {
  const c2 = STORY_IPS.c2;
  let firstFlow = { time: from, sport: 0 };
  let n = 0;
  for (let t = from; t < until; t += Math.round(rng.normal(60_000, 4_000))) {
    const f = newFlow(rng, t, ws.ip, ephemeral(rng), c2, 443);
    if (n === 0) firstFlow = { time: t, sport: f.sport };
    const out = rng.int(700, 1400);
    const back = n % 17 === 5 ? rng.int(40_000, 90_000) : rng.int(300, 900);
    net.push(
      conn(f, {
        service: 'ssl',
        duration: rng.int(200, 900) / 1000,
        origBytes: out,
        respBytes: back,
        state: 'SF',
        history: 'ShADadFf',
      }),
      ssl(t + 45, f, C2_DOMAIN),
      tls(t + 46, f, C2_DOMAIN, BEACON_JA3),
    );
    if (n % 5 === 0) {
      net.push(
        cef(
          t,
          'allow',
          trafficExt(
            {
              src: ws.ip,
              spt: f.sport,
              dst: c2,
              dpt: 443,
              proto: 'TCP',
              rule: 'LAN-to-Internet',
              inIf: 'lan1',
              outIf: 'wan1',
              bytesOut: out,
              bytesIn: back,
              natSrc: OFFICE_EGRESS_IP,
            },
            'allow',
          ),
        ),
      );
    }
    if (n % 20 === 0) {
      net.push(
        alert(
          t + 47,
          f,
          {
            sid: 9200010,
            rev: 3,
            signature: 'NW-LOCAL MALWARE Periodic TLS beacon with known implant JA3',
            category: 'A Network Trojan was detected',
            severity: 1,
          },
          'tls',
          { tls: { sni: C2_DOMAIN, ja3: { hash: BEACON_JA3 } } },
        ),
      );
    }
    n++;
  }

  return firstFlow;
}
