/**
 * SigmaHQ's OpenCanary, RPC Firewall and antivirus rules (beside the project in
 * ../shared/corpus/sigma; skipped when absent) against the `opencanary`, `rpc-firewall` and
 * `antivirus` pipelines and the real parsers: every rule of the three folders compiles, and
 * representative rules fire on realistic records — and stay quiet on a near miss.
 *
 * Records: OpenCanary JSON lines as opencanary/logger.py writes them (thinkst/opencanary); RPC
 * Firewall event 3 as winlogbeat and evtx dumps give a classic ReportEvent record (unnamed
 * insertion strings → param1..param11, in the order of rpcMessages.cpp in zeronetworks/rpcfirewall);
 * Defender 1116/1117 as Elastic Agent's windows_defender stream sends them (event-data names with
 * underscores; values from elastic/integrations packages/windows/data_stream/windows_defender
 * /_dev/test/pipeline/test-events-windows-defender-1116-and-1117.json).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { VigilEvent } from '../../core/event.ts';
import { parseOpenCanary } from '../../ingest/formats/opencanary.ts';
import { parseWindows } from '../../ingest/formats/windows.ts';
import { asBeat, asEvtx, type WinSample } from '../../ingest/formats/windows-samples.fixture.ts';
import type { ParseContext } from '../../ingest/types.ts';
import { compileRules } from '../engine/compile.ts';
import { RuleSet } from '../engine/ruleset.ts';
import { loadSigmaDirectory } from '../sigma/load.ts';
import { loadPipelines } from './index.ts';

const corpus = resolve(import.meta.dirname, '../../../../shared/corpus/sigma');
const ctx: ParseContext = { received: Date.UTC(2026, 10, 22, 12), assumeTimeZone: 'UTC' };

const FOLDERS = [
  ['rules/application/opencanary', 24],
  ['rules/application/rpc_firewall', 17],
  ['rules/category/antivirus', 8],
] as const;

function ok(out: ReturnType<typeof parseWindows>): VigilEvent {
  if (!out.ok) throw new Error(`expected an event, got: ${out.reason}`);
  return out.event;
}

// --- OpenCanary ---------------------------------------------------------------------------------

function canary(logtype: number, dstPort: number, logdata: Record<string, string>): string {
  return JSON.stringify({
    dst_host: '10.0.0.5',
    dst_port: dstPort,
    local_time: '2026-11-22 10:00:00.123456',
    local_time_adjusted: '2026-11-22 11:00:00.123456',
    logdata,
    logtype,
    node_id: 'opencanary-1',
    src_host: '198.51.100.4',
    src_port: 51234,
    utc_time: '2026-11-22 10:00:00.123456',
  });
}

const SSH_LOGIN = {
  LOCALVERSION: 'SSH-2.0-OpenSSH_5.1p1 Debian-4',
  PASSWORD: 'toor',
  REMOTEVERSION: 'SSH-2.0-libssh2_1.11.0',
  USERNAME: 'root',
};

// --- RPC Firewall -------------------------------------------------------------------------------

/** RPC Firewall event 3: insertion strings in rpcFunctionCalledEvent's order. */
function rpcCall(uuid: string, opnum: number, channel = 'RPCFW'): WinSample {
  const strings = [
    'NdrServerCallAll',
    '688',
    'C:\\Windows\\system32\\lsass.exe',
    'ncacn_ip_tcp',
    '49667',
    '10.0.0.23',
    uuid,
    String(opnum),
    'S-1-5-21-3623811015-3361044348-30300820-1105',
    '6',
    '16',
  ];
  const data: Record<string, string> = {};
  strings.forEach((s, i) => {
    data[`param${i + 1}`] = s;
  });
  return {
    id: 3,
    channel,
    provider: 'RPCFW',
    computer: 'DC01.corp.example',
    time: '2026-11-22T10:00:00Z',
    record: 90210,
    data,
  };
}

/** evtx_dump of a classic event: the unnamed `<Data>` elements as one `#text` list. */
function rpcEvtx(s: WinSample): string {
  return JSON.stringify({
    Event: {
      System: {
        Provider: { '#attributes': { Name: s.provider } },
        EventID: { '#attributes': { Qualifiers: 16386 }, '#text': s.id },
        Channel: s.channel,
        Computer: s.computer,
        TimeCreated: { '#attributes': { SystemTime: '2026-11-22T10:00:00.0000000Z' } },
        EventRecordID: s.record,
      },
      EventData: { Data: { '#text': Object.values(s.data) } },
    },
  });
}

const DRSR = 'e3514235-4b06-11d1-ab04-00c04fc2dcd2';
const SRVSVC = '4b324fc8-1670-01d3-1278-5a47bf6ee188';
const TASKSCHD = '86d35949-83c9-4044-b424-db363231fd0c';

// --- Microsoft Defender Antivirus ---------------------------------------------------------------

const DEFENDER = 'Microsoft-Windows-Windows Defender/Operational';

/** A Defender detection as Elastic Agent's windows_defender stream sends it (spaces → `_`). */
function defender(id: number, threat: string, path: string): WinSample {
  return {
    id,
    channel: DEFENDER,
    provider: 'Microsoft-Windows-Windows Defender',
    computer: 'WS17.corp.example',
    time: '2026-11-22T10:00:00Z',
    record: 5646,
    data: {
      Product_Name: 'Microsoft Defender Antivirus',
      Product_Version: '4.18.24050.7',
      Detection_ID: '{FD8CD828-0E5A-4370-A6B6-80C8C8173F5D}',
      Detection_Time: '2026-11-22T09:59:58.435Z',
      Threat_ID: '2147519003',
      Threat_Name: threat,
      Severity_ID: '5',
      Severity_Name: 'Severe',
      Category_ID: '34',
      Category_Name: 'Tool',
      Source_Name: 'Real-Time Protection',
      Process_Name: 'C:\\Windows\\explorer.exe',
      Detection_User: 'CORP\\bob',
      Path: path,
      Origin_Name: 'Local machine',
      Type_Name: 'Concrete',
      Action_Name: id === 1117 ? 'Quarantine' : 'Not Applicable',
      Error_Code: '0x00000000',
      Error_Description: 'The operation completed successfully. ',
      Security_intelligence_Version: 'AV: 1.413.419.0, AS: 1.413.419.0, NIS: 1.413.419.0',
      Engine_Version: 'AM: 1.1.24050.5, NIS: 1.1.24050.5',
    },
  };
}

const EICAR = 'Virus:DOS/EICAR_Test_File';
const EICAR_PATH = 'file:_C:\\Users\\bob\\OneDrive\\Desktop\\eicar.com';

describe.skipIf(!existsSync(corpus))(
  `SigmaHQ OpenCanary, RPC Firewall and antivirus rules (${corpus}; skipped when absent)`,
  () => {
    const rules = FOLDERS.flatMap(([dir]) => loadSigmaDirectory(join(corpus, dir)).rules);
    const { compiled, failed } = compileRules(rules, loadPipelines(), { placeholders: {} });
    const set = new RuleSet(compiled);
    const titles = (ev: VigilEvent): string[] => set.evaluate(ev).hits.map((h) => h.rule.title);

    it('compiles every rule of the three folders', () => {
      expect(failed.map((f) => `${f.file}: ${f.reason}`)).toEqual([]);
      for (const [dir, count] of FOLDERS) {
        expect(loadSigmaDirectory(join(corpus, dir)).rules.length, dir).toBe(count);
      }
      expect(compiled.length).toBe(24 + 17 + 8);
    });

    describe('OpenCanary', () => {
      const ev = (raw: string): VigilEvent => ok(parseOpenCanary(raw, ctx));

      it.each([
        ['OpenCanary - SSH Login Attempt', canary(4002, 22, SSH_LOGIN), canary(4000, 22, {})],
        [
          'OpenCanary - FTP Login Attempt',
          canary(2000, 21, { PASSWORD: 'admin123', USERNAME: 'admin' }),
          canary(3000, 80, { PATH: '/index.html', USERAGENT: 'curl/8.5.0' }),
        ],
        [
          'OpenCanary - Host Port Scan (SYN Scan)',
          canary(5001, 3389, { PROTO: 'TCP', SYN: '', WINDOW: '1024' }),
          canary(5005, 3389, { PROTO: 'TCP', FIN: '', WINDOW: '1024' }),
        ],
      ])('%s: fires on its logtype, not on another', (title, hit, miss) => {
        expect(titles(ev(hit))).toEqual([title]);
        expect(titles(ev(miss))).not.toContain(title);
      });

      it('does not fire on the canary starting up', () => {
        expect(titles(ev(canary(1001, -1, { msg: 'Canary running!!!' })))).toEqual([]);
      });
    });

    describe('RPC Firewall', () => {
      const beat = (s: WinSample): VigilEvent => ok(parseWindows(asBeat(s), ctx));
      const evtx = (s: WinSample): VigilEvent => ok(parseWindows(rpcEvtx(s), ctx));

      it.each([
        // DRSGetNCChanges (3) fires; DRSBind/DRSUnbind/DRSCrackNames (0, 1, 12) are filtered out
        ['Possible DCSync Attack', rpcCall(DRSR, 3), rpcCall(DRSR, 12)],
        // NetrSessionEnum (12) fires; NetrShareEnum (15) is another rule's business
        ['SharpHound Recon Sessions', rpcCall(SRVSVC, 12), rpcCall(SRVSVC, 15)],
        // SchRpcRegisterTask (1) fires; SchRpcEnumFolders (6) is recon, not lateral movement
        [
          'Remote Schedule Task Lateral Movement via ITaskSchedulerService',
          rpcCall(TASKSCHD, 1),
          rpcCall(TASKSCHD, 6),
        ],
      ])('%s: fires on its interface and opnum, not on the near miss', (title, hit, miss) => {
        for (const parse of [beat, evtx]) {
          expect(titles(parse(hit))).toContain(title);
          expect(titles(parse(miss))).not.toContain(title);
        }
      });

      it('reads the near misses as the recon rules they are', () => {
        expect(titles(beat(rpcCall(TASKSCHD, 6)))).toEqual([
          'Remote Schedule Task Recon via ITaskSchedulerService',
        ]);
        expect(titles(beat(rpcCall(SRVSVC, 15)))).toEqual(['Remote Server Service Abuse']);
      });

      it('does not fire on the same insertion strings in another log', () => {
        expect(titles(beat(rpcCall(DRSR, 3, 'Application')))).toEqual([]);
      });
    });

    describe('Microsoft Defender Antivirus', () => {
      const beat = (s: WinSample): VigilEvent => ok(parseWindows(asBeat(s), ctx));

      it.each([
        [
          'Antivirus - Password Dumper Signature',
          defender(1116, 'HackTool:Win64/Mimikatz!pz', 'file:_C:\\Users\\bob\\Downloads\\mimi.zip'),
        ],
        [
          'Antivirus - Ransomware Signature',
          defender(1117, 'Ransom:Win32/LockBit.AB!MTB', 'file:_C:\\Users\\bob\\AppData\\Local\\lb3.exe'),
        ],
        [
          'Antivirus - Relevant File Paths Alerts Signature',
          defender(
            1116,
            'Backdoor:ASP/Chopper.F!dha',
            'file:_C:\\inetpub\\wwwroot\\aspnet_client\\errorFE.aspx',
          ),
        ],
      ])('%s: fires on its detection, not on the EICAR test file', (title, hit) => {
        expect(titles(beat(hit))).toContain(title);
        expect(titles(beat(defender(1116, EICAR, EICAR_PATH)))).not.toContain(title);
      });

      it('does not take a Defender event that is not a detection', () => {
        const update = { ...defender(1116, 'HackTool:Win64/Mimikatz!pz', EICAR_PATH), id: 2000 };
        expect(titles(beat(update))).toEqual([]);
      });

      it('reads the threat name and path of an evtx dump too (where the name is `Threat Name`)', () => {
        const s = defender(1116, 'HackTool:Win64/Mimikatz!pz', 'file:_C:\\Users\\Public\\Documents\\run.hta');
        const { Threat_Name, Path, ...rest } = s.data;
        const dumped = { ...s, data: { ...rest, 'Threat Name': Threat_Name ?? '', Path: Path ?? '' } };
        expect(titles(ok(parseWindows(asEvtx(dumped), ctx)))).toEqual(
          expect.arrayContaining([
            'Antivirus - Relevant File Paths Alerts Signature',
            'Antivirus - Hacktool Signature',
          ]),
        );
      });
    });
  },
);
