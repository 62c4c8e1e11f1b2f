/**
 * The state store's cross-tenant functions, for the system only: the composition root, the
 * pipeline, start-up and the local CLI. They read or write records of every tenant (each record
 * keeps its own tenant), so no route may import this module (`test/authz/tenancy.test.ts` checks);
 * `index.ts` does not re-export it. Requests reach the store through tenant-scoped functions that
 * take a `TenantScope` (see `src/store/tenancy.ts`).
 */
export { insertDetections } from './detections.ts';
export {
  addRuleStats,
  removeGlobalSourcesExcept,
  rulesToRun,
  type SyncResult,
  syncSourceRules,
  tenantRuleIds,
} from './rules-system.ts';
export { listAllSecretRows } from './secrets.ts';
export {
  allSlaPolicyOverrides,
  announcedSlaBreaches,
  breachKey,
  openSlaRecordsOf,
  recordSlaBreach,
  type SlaBreachNotice,
} from './sla-watch.ts';
