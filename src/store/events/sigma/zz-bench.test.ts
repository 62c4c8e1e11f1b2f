import { it } from 'vitest';
import { parseQuery } from '../../../hunt/index.ts';
import { openTempStore } from '../testing.ts';
import { commit, rule, sysmon } from './hunt.fixture.ts';
it('bench', async () => {
  const { store, cleanup } = await openTempStore();
  const N = 200_000;
  for (let b = 0; b < N; b += 10_000) {
    const batch = [];
    for (let i = b; i < b + 10_000; i++) {
      batch.push(sysmon(`e${i}`, i % 3600, { CommandLine: i % 1000 === 0 ? `powershell -enc AAAA ${i}` : `C:\\Windows\\system32\\svchost.exe -k netsvcs -p ${i}`, Image: i % 2 ? 'C:\\Windows\\System32\\svchost.exe' : 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', User: 'NT AUTHORITY\\SYSTEM', ParentImage: 'C:\\Windows\\services.exe', Hashes: 'SHA256=ABCDEF', IntegrityLevel: 'System' }, { message: 'Process Create: lots of text here '.repeat(10), 'process.pid': i, 'host.name': `h${i % 50}` }));
    }
    await commit(store, batch);
  }
  const day = { from: '2026-11-22T00:00:00Z', to: '2026-11-23T00:00:00Z' };
  for (const det of [
    `s:\n  CommandLine|contains: ' -enc '\ncondition: s`,
    `s:\n  Image|endswith: '\\powershell.exe'\n  CommandLine|contains: ' -enc '\ncondition: s`,
    `s:\n  CommandLine|re: '-e(nc?)? '\ncondition: s`,
    `s:\n  User|cidr: 10.0.0.0/8\ncondition: s`,
    `s:\n  ProcessId|gt: 199990\ncondition: s`,
    `s:\n  Image|endswith: '\\svchost.exe'\nf:\n  ParentImage|endswith: '\\services.exe'\ncondition: s and not f`,
    `keywords: ['lots of text']\ncondition: keywords`,
  ]) {
    const t = performance.now();
    const r = await store.huntSigma({ tenants: ['t1'], rule: rule(det), ...day, limit: 100 });
    console.log(JSON.stringify(det.split('\n').slice(1, -1)), r.count, Math.round(performance.now() - t), 'ms');
  }
  const t = performance.now();
  const s = await store.search({ tenants: ['t1'], ...day, query: parseQuery('winlog.event_data.CommandLine:*-enc*'), limit: 100 });
  console.log('search', s.events.length, Math.round(performance.now() - t), 'ms');
  await cleanup();
}, 600_000);
