/**
 * temporal: "all the referenced rules match within the timespan, in any order, per group" (Sigma
 * correlation specification, Temporal Proximity), with the specification's field-alias example
 * and its reconnaissance example; a condition relaxes "all" to a number of rules.
 */
import { describe, expect, it } from 'vitest';
import { brief, Harness, sysmon } from './correlation.fixture.ts';

const ALIASES = `title: Internal error followed by a connection back to the client
id: 1e2d3c4b-5a69-4788-9a0b-c1d2e3f40516
correlation:
    type: temporal
    rules:
        - internal_error
        - new_network_connection
    group-by:
        - internal_ip
        - remote_ip
    timespan: 10s
    aliases:
        internal_ip:
            internal_error: destination.ip
            new_network_connection: source.ip
        remote_ip:
            internal_error: source.ip
            new_network_connection: destination.ip
---
title: Internal server error
name: internal_error
logsource:
    category: proxy
detection:
    selection:
        http.response.status_code: 500
    condition: selection
---
title: New outbound connection
name: new_network_connection
logsource:
    category: network
    service: connection
detection:
    selection:
        event.category: network
        event.type: connection
        event.outcome: success
    condition: selection
`;

const error500 = (client: string, server: string) => ({
  'event.dataset': 'zeek.http',
  'source.ip': client,
  'destination.ip': server,
  'http.response.status_code': 500,
});
const connection = (from: string, to: string) => ({
  'event.dataset': 'zeek.conn',
  'event.category': 'network',
  'event.type': 'connection',
  'event.outcome': 'success',
  'source.ip': from,
  'destination.ip': to,
});

const RECON = (condition = '') => `title: Reconnaissance commands by one user
id: 5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f
correlation:
    type: temporal
    rules:
        - recon_cmd_a
        - recon_cmd_b
        - recon_cmd_c
    group-by:
        - Computer
        - User
    timespan: 5m
${condition}
---
title: whoami
name: recon_cmd_a
logsource: {product: windows, category: process_creation}
detection:
    selection:
        Image|endswith: '\\whoami.exe'
    condition: selection
---
title: net
name: recon_cmd_b
logsource: {product: windows, category: process_creation}
detection:
    selection:
        Image|endswith: '\\net.exe'
    condition: selection
---
title: ipconfig
name: recon_cmd_c
logsource: {product: windows, category: process_creation}
detection:
    selection:
        Image|endswith: '\\ipconfig.exe'
    condition: selection
`;

const cmd = (exe: string, user = 'CORP\\bob', computer = 'WS-07') => ({
  ...sysmon(1, { Image: `C:\\Windows\\System32\\${exe}.exe`, User: user }),
  'winlog.computer_name': computer,
});

describe('temporal', () => {
  it('groups different fields of different rules through aliases, in either order', () => {
    const h = new Harness(ALIASES);
    expect(h.failed).toEqual([]);
    const out = h.sendAll([
      [error500('203.0.113.5', '10.0.0.10'), '10:00:00'],
      [connection('10.0.0.10', '198.51.100.1'), '10:00:02'], // another remote: another group
      [connection('10.0.0.10', '203.0.113.5'), '10:00:05'],
      // the other order
      [connection('10.0.0.11', '203.0.113.6'), '10:01:00'],
      [error500('203.0.113.6', '10.0.0.11'), '10:01:09'],
      // too far apart
      [error500('203.0.113.7', '10.0.0.12'), '10:02:00'],
      [connection('10.0.0.12', '203.0.113.7'), '10:02:11'],
    ]);
    const id = '1e2d3c4b-5a69-4788-9a0b-c1d2e3f40516';
    expect(out.map(brief)).toEqual([
      [],
      [],
      [{ id, group: { internal_ip: '10.0.0.10', remote_ip: '203.0.113.5' }, value: 2 }],
      [],
      [{ id, group: { internal_ip: '10.0.0.11', remote_ip: '203.0.113.6' }, value: 2 }],
      [],
      [],
    ]);
    expect(out[2]?.[0]?.eventIds).toEqual(['e1', 'e3']);
  });

  it('needs every rule, in any order, within the timespan (the specification’s recon example)', () => {
    const h = new Harness(RECON());
    expect(h.failed).toEqual([]);
    const out = h.sendAll([
      [cmd('ipconfig'), '10:00:00'],
      [cmd('whoami'), '10:01:00'],
      [cmd('whoami'), '10:02:00'], // the same rule again: still 2 of 3
      [cmd('net', 'CORP\\alice'), '10:02:30'], // another user
      [cmd('net'), '10:03:00'],
    ]);
    expect(out.map((m) => m.map((x) => x.value))).toEqual([[], [], [], [], [3]]);
    expect(out[4]?.[0]).toMatchObject({
      group: { Computer: 'WS-07', User: 'CORP\\bob' },
      eventIds: ['e1', 'e2', 'e3', 'e5'],
    });
  });

  it('forgets a rule’s hit once it leaves the window', () => {
    const h = new Harness(RECON());
    const out = h.sendAll([
      [cmd('whoami'), '10:00:00'],
      [cmd('net'), '10:03:00'],
      [cmd('ipconfig'), '10:06:00'], // whoami (10:00) is out of [10:01, 10:06]
      [cmd('whoami'), '10:07:00'],
    ]);
    expect(out.map((m) => m.map((x) => x.value))).toEqual([[], [], [], [3]]);
  });

  it('with a condition, counts how many of the rules matched (2 of 3)', () => {
    const h = new Harness(RECON('    condition:\n        gte: 2'));
    expect(h.failed).toEqual([]);
    const out = h.sendAll([
      [cmd('whoami'), '10:00:00'],
      [cmd('whoami'), '10:00:30'],
      [cmd('net'), '10:01:00'],
      [cmd('ipconfig'), '10:02:00'], // already fired in this window
    ]);
    expect(out.map((m) => m.map((x) => x.value))).toEqual([[], [], [2], []]);
  });
});
