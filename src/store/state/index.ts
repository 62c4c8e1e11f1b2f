export * from './credentials.ts';
export * from './detections.ts';
export { openStateDb, type StateDb, type StateStoreOptions } from './open.ts';
export type { StateDatabase } from './schema.ts';
