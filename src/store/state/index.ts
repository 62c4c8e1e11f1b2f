export { NO_TENANTS, type TenantScope } from '../tenancy.ts';
export * from './audit.ts';
export { canonicalJson, GENESIS_HASH, isSecretKey, REDACTED, redactSecrets } from './audit-chain.ts';
export * from './audit-verify.ts';
export * from './credentials.ts';
// `insertDetections` (the pipeline's cross-tenant write) is in `system.ts`.
export { type Detection, listDetections, type NewDetection } from './detections.ts';
export * from './external-identities.ts';
export { openStateDb, type StateDb, type StateStoreOptions } from './open.ts';
export * from './rules.ts';
export type { SyncResult } from './rules-system.ts';
export type { StateDatabase } from './schema.ts';
export {
  deleteSecretRow,
  listSecretRows,
  readSecretRow,
  replaceSecretCiphertext,
  type SecretRow,
  type SecretScope,
  writeSecretRow,
} from './secrets.ts';
export * from './sessions.ts';
export * from './tenants.ts';
export * from './transaction.ts';
export * from './users.ts';
