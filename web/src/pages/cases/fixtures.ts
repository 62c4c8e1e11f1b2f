/** Cases as the API answers them, for the component tests. */
import type { CaseDetail, CaseSummary } from '../../api/case-types.ts';
import type { Session } from '../../api/types.ts';

export const ANALYST: Session = {
  kind: 'user',
  id: 'u-alice',
  name: 'alice',
  displayName: 'Alice',
  roles: ['analyst'],
  permissions: ['cases:read', 'cases:write', 'alerts:read', 'alerts:write'],
  tenants: ['default'],
  mustChangePassword: false,
  csrfToken: 'csrf-1',
  expiresAt: null,
};

export function summary(over: Partial<CaseSummary> = {}): CaseSummary {
  return {
    id: 'c1',
    tenant: 'default',
    number: 1,
    seq: 10,
    title: 'Phishing wave',
    description: '',
    severity: 'high',
    tlp: 'amber',
    incidentType: 'phishing',
    status: 'open',
    phase: 'detection_analysis',
    resolution: null,
    assignee: null,
    tags: [],
    personalData: false,
    regulations: [],
    awareAt: null,
    notifiedAt: null,
    mergedInto: null,
    createdBy: 'alice',
    createdAt: new Date(Date.now() - 3_600_000).toISOString(),
    updatedAt: new Date().toISOString(),
    containedAt: null,
    resolvedAt: null,
    closedAt: null,
    version: 3,
    alertCount: 2,
    taskCount: 4,
    tasksDone: 1,
    ...over,
  };
}

export function detail(over: Partial<CaseDetail> = {}): CaseDetail {
  const { alertCount: _a, taskCount: _t, tasksDone: _d, ...c } = summary();
  return {
    ...c,
    review: null,
    alerts: [],
    tasks: [],
    observables: [],
    timeline: [],
    evidence: [],
    links: [],
    phases: [{ phase: 'detection_analysis', enteredAt: c.createdAt, enteredBy: 'alice' }],
    ...over,
  };
}
