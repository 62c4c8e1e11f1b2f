import { DuckDBInstance } from '@duckdb/node-api';
import { it } from 'vitest';
import { openTempStore } from '../testing.ts';
import { join, list, raw, sql } from '../sql.ts';
import { compileSigmaToSql } from './compile.ts';
import { fieldJson } from './elements.ts';
import { commit, rule, sysmon } from './hunt.fixture.ts';
import { defaultPipelines } from './hunt.ts';
it('explain', async () => {
  const { store, file } = await openTempStore();
  const N = 200_000;
  for (let b = 0; b < N; b += 10_000) {
    const batch = [];
    for (let i = b; i < b + 10_000; i++) {
      const e = sysmon(`e${i}`, i % 3600, { CommandLine: i % 1000 === 0 ? `powershell -enc AAAA ${i}` : `C:\\Windows\\system32\\svchost.exe -k netsvcs -p ${i}`, Image: i % 2 ? 'C:\\Windows\\System32\\svchost.exe' : 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', User: 'NT AUTHORITY\\SYSTEM', ParentImage: 'C:\\Windows\\services.exe', Hashes: 'SHA256=ABCDEF', IntegrityLevel: 'System' }, { message: 'Process Create: lots of text here '.repeat(10), 'process.pid': i, 'host.name': `h${i % 50}` });
      if (i % 4 !== 0) e.event['winlog.event_id'] = 3;
      batch.push(e);
    }
    await commit(store, batch);
  }
  await store.close();
  const inst = await DuckDBInstance.create(file);
  const c = await inst.connect();
  for (const det of [`s:\n  Image|endswith: '\\svchost.exe'\nf:\n  ParentImage|endswith: '\\services.exe'\ncondition: s and not f`]) {
    const q = compileSigmaToSql(rule(det), defaultPipelines());
    if (!q.ok) throw new Error(q.reason);
    const s2 = q.sql;
    const extracts = s2.fields.map((f, k) => sql`, ${fieldJson(f)} AS ${raw(`vigil_s${k}`)}`);
    const forms = s2.forms.map((f) => sql`, ${f.expr} AS ${raw(f.name)}`);
    const scan = sql`SELECT *${join(extracts, '')} FROM events_20261122 WHERE tenant IN ${list(['t1'])} AND ${s2.prefilter}`;
    for (const [label, full] of [
      ['scan only', sql`SELECT count(*) FROM (${scan})`],
      ['scan+routing', sql`SELECT count(*) FROM (${scan}) WHERE ${s2.routing}`],
      ['all', sql`SELECT count(*) FROM (SELECT *${join(forms, '')} FROM (${scan}) WHERE ${s2.routing}) WHERE ${s2.detection}`],
      ['all-list', (() => {
        const paths = s2.fields.map((f) => `'$."${f}"'`).join(', ');
        const scanL = sql`SELECT *, json_extract(doc, [${raw(paths)}]) AS vigil_j FROM events_20261122 WHERE tenant IN ${list(['t1'])} AND ${s2.prefilter}`;
        const ex = s2.fields.map((_, k) => sql`, vigil_j[${raw(String(k + 1))}] AS ${raw(`vigil_s${k}`)}`);
        return sql`SELECT count(*) FROM (SELECT *${join(forms, '')} FROM (SELECT *${join(ex, '')} FROM (${scanL})) WHERE ${s2.routing}) WHERE ${s2.detection}`;
      })()],
      ['all', sql`SELECT count(*) FROM (SELECT *${join(forms, '')} FROM (${scan}) WHERE ${s2.routing}) WHERE ${s2.detection}`],
    ] as const) {
      const t = performance.now();
      const r = await c.runAndReadAll(full.text, [...full.params]);
      console.log('X', label, Math.round(performance.now() - t), String(r.getRows()[0]?.[0]));
    }
    console.log('PREFILTER', s2.prefilter.text, s2.prefilter.params);
    console.log('ROUTING', s2.routing.text.length, 'DETECTION', s2.detection.text.length, s2.fields);
  }
}, 600_000);
