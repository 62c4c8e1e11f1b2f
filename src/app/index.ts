export { checkConfig } from './checks.ts';
export { ensureFirstRun, readAdminKey } from './first-run.ts';
export { type DataPaths, dataPaths } from './paths.ts';
export { pipelineOptions } from './pipeline-options.ts';
export { readServerInfo, type ServerInfo } from './server-info.ts';
export { type RunningVigil, startVigil } from './vigil.ts';
