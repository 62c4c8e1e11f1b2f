/**
 * From events to a closed case, end to end through the real pipeline and over HTTP (starts a
 * Vigil): Sysmon events sent over HEC (event times a few minutes in the past) match a rule, their
 * detections group into one alert; an analyst acknowledges it, escalates it into a new case, adds
 * the tasks of an incident template and completes one, walks the case through the IR phases,
 * writes the post-incident review and closes the case as a true positive, which closes the alert
 * with that verdict.
 *
 * Then what the SOC reads back is checked against the records' own timestamps, fetched over the
 * API: MTTD, MTTA, time to contain and MTTR in the SOC metrics, the case report, the audit trail
 * (every step, in order), and the live feed a console would hold open from the start.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { type ClientRequest, get } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestVigil, type TestVigil, tempDir, waitFor } from '../helpers/vigil.ts';

const RULE_ID = '5b0f3c2e-8d41-4a7e-9c36-1e2f4d6a8b90';
const RULE_TITLE = 'LSASS memory dump via comsvcs (workflow e2e)';
const RULE = `title: ${RULE_TITLE}
id: ${RULE_ID}
status: stable
level: high
tags: [attack.credential-access, attack.t1003.001]
logsource: {product: windows, category: process_creation}
detection:
  selection:
    Image|endswith: '\\rundll32.exe'
    CommandLine|contains: 'comsvcs.dll'
  condition: selection
`;
const HOST = 'WS-017';
/** Matching events, one a minute, the first four minutes ago. */
const EVENTS = 3;

function sysmon(record: number, at: Date): Record<string, unknown> {
  return {
    '@timestamp': at.toISOString(),
    host: { name: HOST },
    winlog: {
      channel: 'Microsoft-Windows-Sysmon/Operational',
      provider_name: 'Microsoft-Windows-Sysmon',
      event_id: '1',
      computer_name: HOST,
      record_id: String(record),
      event_data: {
        Image: 'C:\\Windows\\System32\\rundll32.exe',
        CommandLine: `rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump ${600 + record} C:\\Temp\\l.dmp full`,
        User: 'NORTHWIND\\mreyes',
        ProcessId: String(7000 + record),
      },
    },
  };
}

// ---- a server-sent-events client over node:http ----------------------------------------------

interface LiveEvent {
  event: string;
  id?: string;
  data: { action: string; topic: string; tenant: string; id: string; seq?: number };
}

/** Holds `GET /api/v1/live` open and collects its events (comments: `connected`, heartbeats). */
function openLive(url: string, key: string) {
  return new Promise<{ status: number; events: LiveEvent[]; comments: string[]; close(): void }>(
    (resolve, reject) => {
      let req: ClientRequest | undefined;
      req = get(url, { headers: { accept: 'text/event-stream', authorization: `Bearer ${key}` } }, (res) => {
        const events: LiveEvent[] = [];
        const comments: string[] = [];
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          for (let cut = buffer.indexOf('\n\n'); cut >= 0; cut = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const fields: Record<string, string> = {};
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) comments.push(line.slice(1).trim());
              const m = /^(id|event|data): (.*)$/.exec(line);
              if (m) fields[m[1]!] = m[2]!;
            }
            if (fields.event && fields.data)
              events.push({
                event: fields.event,
                ...(fields.id !== undefined ? { id: fields.id } : {}),
                data: JSON.parse(fields.data) as LiveEvent['data'],
              });
          }
        });
        resolve({ status: res.statusCode ?? 0, events, comments, close: () => req?.destroy() });
      });
      req.on('error', reject);
    },
  );
}

// ---- the server -------------------------------------------------------------------------------

let v: TestVigil;
let token: string;

beforeAll(async () => {
  const dataDir = tempDir();
  mkdirSync(join(dataDir, 'rules'), { recursive: true });
  writeFileSync(join(dataDir, 'rules', 'lsass-comsvcs.yml'), RULE);
  v = await startTestVigil({ 'detect.starterRules': false }, { dataDir });
  token = await v.token('winlogbeat');
});
afterAll(async () => {
  await v?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: API answers are read field by field.
type Json = any;

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }> {
  const res = await v.http(path, {
    method,
    headers: {
      authorization: `Bearer ${v.adminKey}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let json: Json;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json };
}

/** A call that must answer `status`; its JSON. */
async function must(status: number, method: string, path: string, body?: unknown): Promise<Json> {
  const r = await call(method, path, body);
  expect(r.status, `${method} ${path}: ${JSON.stringify(r.json)}`).toBe(status);
  return r.json;
}

const seconds = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 1000;

describe('from events to a closed case', () => {
  it('detects, triages, escalates, works and closes an incident, and measures it from its own records', async () => {
    const live = await openLive(`${v.url}/api/v1/live`, v.adminKey);
    expect(live.status).toBe(200);
    await waitFor(() => live.comments.includes('connected'), 10_000, 'the live stream');

    // Events in: three matching process creations, one a minute, the first four minutes ago.
    const first = Date.now() - 4 * 60_000;
    const body = Array.from({ length: EVENTS }, (_, i) =>
      JSON.stringify({ event: sysmon(4100 + i, new Date(first + i * 60_000)) }),
    ).join('');
    const sent = await v.http('/services/collector/event', {
      method: 'POST',
      body,
      headers: { authorization: `Splunk ${token}` },
    });
    expect(sent.status).toBe(200);

    // … detections, grouped into one alert counting every matching event.
    const queue = await waitFor(
      async () => {
        const q = await must(200, 'GET', `/api/v1/alerts?rule=${RULE_ID}`);
        return q.items.length === 1 && q.items[0].count === EVENTS ? q : undefined;
      },
      30_000,
      'one alert grouping the three detections',
    );
    expect(queue.counts).toMatchObject({ new: 1, acknowledged: 0, escalated: 0, closed: 0 });
    const detections = await must(200, 'GET', '/api/v1/detections?limit=50');
    expect(detections.items).toHaveLength(EVENTS);
    const listed = queue.items[0];
    expect(listed).toMatchObject({
      ruleId: RULE_ID,
      title: RULE_TITLE,
      severity: 'high',
      status: 'new',
      verdict: null,
      count: EVENTS,
      firstSeen: new Date(first).toISOString(),
      lastSeen: new Date(first + (EVENTS - 1) * 60_000).toISOString(),
      techniques: ['T1003.001'],
      version: 1,
    });
    const alertId: string = listed.id;
    // Findings are stored before their batch of events commits (so that a crash in between loses
    // neither): for a moment the alert may list events the store does not show yet, as missing.
    const detail = await waitFor(
      async () => {
        const d = await must(200, 'GET', `/api/v1/alerts/${alertId}`);
        return d.events.length === EVENTS ? d : undefined;
      },
      30_000,
      "the alert's events, once their batch is stored",
    );
    expect(detail.events).toHaveLength(EVENTS);
    expect(detail.missingEventIds).toEqual([]);

    // Acknowledge (MTTA starts counting from the alert's creation).
    const acked = await must(200, 'POST', `/api/v1/alerts/${alertId}/acknowledge`, { version: 1 });
    expect(acked).toMatchObject({ status: 'acknowledged', version: 2 });
    expect(acked.acknowledgedAt).not.toBeNull();
    // A stale version is refused and changes nothing.
    const stale = await call('POST', `/api/v1/alerts/${alertId}/start`, { version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.json.currentVersion).toBe(2);

    // Escalate into a new case.
    const escalated = await must(201, 'POST', '/api/v1/cases/escalate', {
      alerts: [{ id: alertId, version: acked.version }],
      case: { title: `Credential dumping on ${HOST}` },
    });
    expect(escalated.created).toBe(true);
    expect(escalated.alerts).toEqual([expect.objectContaining({ id: alertId, status: 'escalated' })]);
    const caseId: string = escalated.case.id;
    expect(escalated.case).toMatchObject({ number: 1, status: 'open', phase: 'detection_analysis' });
    expect(escalated.case.severity).toBe('high');

    // Tasks of the malware template; complete one.
    const templated = await must(201, 'POST', `/api/v1/cases/${caseId}/tasks`, { template: 'malware' });
    expect(templated.tasks.length).toBeGreaterThan(0);
    const task = templated.tasks[0];
    expect(task).toMatchObject({ status: 'todo', template: expect.stringMatching(/^malware\//), version: 1 });
    const done = await must(200, 'PATCH', `/api/v1/cases/${caseId}/tasks/${task.id}`, {
      version: task.version,
      status: 'done',
    });
    expect(done).toMatchObject({ id: task.id, status: 'done', version: 2 });
    expect(done.completedAt).not.toBeNull();

    // Through the IR phases.
    let version: number = escalated.case.version;
    for (const phase of ['containment', 'eradication', 'recovery', 'post_incident']) {
      const moved = await must(200, 'POST', `/api/v1/cases/${caseId}/phase`, { version, phase });
      expect(moved).toMatchObject({ phase, version: version + 1 });
      version = moved.version;
    }
    const review = await must(200, 'PUT', `/api/v1/cases/${caseId}/review`, {
      version,
      rootCause: 'A local administrator password reused across workstations.',
      wentWell: 'The dump was detected within minutes.',
      wentBadly: 'The host was isolated late.',
      actions: [{ text: 'Roll out LAPS', owner: 'it-ops', dueAt: '2030-02-01T00:00:00.000Z' }],
    });
    expect(review.actions).toHaveLength(1);
    version = (await must(200, 'GET', `/api/v1/cases/${caseId}`)).version;

    // Close as a true positive: the alert closes with that verdict.
    const closed = await must(200, 'POST', `/api/v1/cases/${caseId}/close`, {
      version,
      resolution: 'true_positive',
    });
    expect(closed.case).toMatchObject({ status: 'closed', resolution: 'true_positive' });
    expect(closed.alerts).toEqual([
      expect.objectContaining({ id: alertId, status: 'closed', verdict: 'true_positive' }),
    ]);
    const alert = (await must(200, 'GET', `/api/v1/alerts/${alertId}`)).alert;
    expect(alert).toMatchObject({ status: 'closed', verdict: 'true_positive', caseId, count: EVENTS });
    expect(alert.closedAt).not.toBeNull();
    expect(alert.acknowledgedAt).toBe(acked.acknowledgedAt);

    const theCase = await must(200, 'GET', `/api/v1/cases/${caseId}`);
    expect(theCase.phases.map((p: { phase: string }) => p.phase)).toEqual([
      'detection_analysis',
      'containment',
      'eradication',
      'recovery',
      'post_incident',
    ]);
    const enteredAt = (phase: string) =>
      theCase.phases.find((p: { phase: string }) => p.phase === phase).enteredAt as string;
    expect(theCase.containedAt).toBe(enteredAt('eradication'));
    expect(theCase.resolvedAt).toBe(enteredAt('post_incident'));
    expect(theCase.tasks.find((t: { id: string }) => t.id === task.id).status).toBe('done');

    // The metrics, from the records' own timestamps.
    const mttd = seconds(alert.firstSeen, alert.createdAt);
    const mtta = seconds(alert.createdAt, alert.acknowledgedAt);
    const mttc = seconds(theCase.createdAt, theCase.containedAt);
    const mttr = seconds(theCase.createdAt, theCase.resolvedAt);
    expect(mttd).toBeGreaterThan(4 * 60 - 1);
    expect(mtta).toBeGreaterThan(0);
    expect(mttc).toBeGreaterThan(0);
    expect(mttr).toBeGreaterThanOrEqual(mttc);
    const metrics = await must(200, 'GET', '/api/v1/metrics/soc');
    const one = (mean: number) => ({ count: 1, mean, median: mean, p90: mean });
    expect(metrics.overall).toMatchObject({
      alerts: 1,
      cases: 1,
      mttd: one(mttd),
      mtta: one(mtta),
      mttc: one(mttc),
      mttr: one(mttr),
    });
    expect(metrics.groups.rule).toEqual([
      expect.objectContaining({ key: RULE_ID, mttd: one(mttd), mttr: one(mttr) }),
    ]);
    expect(metrics.rules).toEqual([
      expect.objectContaining({
        ruleId: RULE_ID,
        alerts: 1,
        detections: EVENTS,
        closed: 1,
        falsePositiveRate: 0,
      }),
    ]);

    // The case report holds the phases and the alert.
    const report = await v.http(`/api/v1/cases/${caseId}/report?format=markdown`, {
      headers: { authorization: `Bearer ${v.adminKey}` },
    });
    expect(report.status).toBe(200);
    const md = await report.text();
    expect(md).toContain(`# Case #1: Credential dumping on ${HOST}`);
    expect(md).toContain('## Phase history');
    for (const phase of ['detection analysis', 'containment', 'eradication', 'recovery', 'post incident'])
      expect(md).toContain(`| ${phase} | ${enteredAt(phase.replace(/ /g, '_'))} |`);
    expect(md).toContain('## Alerts');
    expect(md).toContain(`| ${RULE_TITLE} | high | ${RULE_ID} | closed | true positive |`);

    // The audit trail has every step, in order, by the one actor.
    const trail = (await must(200, 'GET', '/api/v1/audit?limit=1000')).items.reverse() as {
      action: string;
      target: { type: string; id: string } | null;
      actor: { kind: string; id: string | null };
      outcome: string;
    }[];
    const ours = new Set([alertId, caseId, task.id]);
    const steps = trail.filter((e) => e.target !== null && ours.has(e.target.id));
    expect(steps.map((e) => `${e.action} ${e.target!.type}`)).toEqual([
      'alert.acknowledge alert',
      'case.create case',
      'case.escalate alert',
      'task.template case',
      'task.complete case_task',
      'case.phase case',
      'case.phase case',
      'case.phase case',
      'case.phase case',
      'review.update case',
      'case.close alert',
      'case.close case',
    ]);
    expect(new Set(steps.map((e) => `${e.actor.kind}:${e.actor.id}`)).size).toBe(1);
    expect(steps.every((e) => e.outcome === 'success')).toBe(true);

    // The live feed told the console about each kind of change: the alert's creation (and any
    // growth), its three updates (acknowledged, escalated, closed by the case), the case's creation
    // and its updates.
    const updatesOf = (id: string) =>
      live.events.filter((e) => e.event === 'alert.updated' && e.data.id === id).length;
    await waitFor(
      () => {
        const names = new Set(live.events.map((e) => `${e.event} ${e.data.id}`));
        return (
          names.has(`alert.created ${alertId}`) &&
          names.has(`case.created ${caseId}`) &&
          names.has(`case.updated ${caseId}`) &&
          updatesOf(alertId) >= 3
        );
      },
      10_000,
      'alert.created, alert.updated, case.created and case.updated on the live feed',
    );
    expect(updatesOf(alertId)).toBe(3);
    for (const e of live.events) {
      expect(e.data.action).toBe(e.event);
      expect(e.data.tenant).toBe(alert.tenant);
      if (e.data.seq !== undefined) expect(e.id).toBe(String(e.data.seq));
    }
    live.close();
  });
});
