import { describe, expect, it } from 'vitest';
import {
  CUSTOMER_IPS,
  LINUX_HOSTS,
  NOISE_IPS,
  OFFICE_EGRESS_IP,
  PEOPLE,
  PUBLIC_WEB_IP,
  SERVICES,
  STORY_IPS,
  WIN_SERVERS,
  WORKSTATIONS,
} from './entities.ts';

const DOC_RANGES = /^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d{1,3}$/;

describe('Northwind Labs', () => {
  it('has about 40 workstations, a domain controller and ten Linux servers with unique names and addresses', () => {
    expect(WORKSTATIONS.length).toBe(40);
    expect(WIN_SERVERS.some((h) => h.role === 'dc')).toBe(true);
    expect(LINUX_HOSTS.length).toBe(10);
    const names = [...WORKSTATIONS, ...WIN_SERVERS, ...LINUX_HOSTS].map((h) => h.name);
    const ips = [...WORKSTATIONS, ...WIN_SERVERS, ...LINUX_HOSTS].map((h) => h.ip);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(ips).size).toBe(ips.length);
    expect(ips.every((ip) => ip.startsWith('10.'))).toBe(true);
    expect(new Set(PEOPLE.map((p) => p.user)).size).toBe(PEOPLE.length);
  });

  it('uses only documentation ranges on the internet, and keeps story addresses out of the background pools', () => {
    const background = [
      ...NOISE_IPS,
      ...CUSTOMER_IPS,
      ...SERVICES.map((s) => s.ip),
      OFFICE_EGRESS_IP,
      PUBLIC_WEB_IP,
    ];
    for (const ip of [...background, ...Object.values(STORY_IPS)]) expect(ip).toMatch(DOC_RANGES);
    for (const ip of Object.values(STORY_IPS)) expect(background).not.toContain(ip);
  });
});
