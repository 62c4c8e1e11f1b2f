export { dataPath, envTree, loadConfig, maskSecrets, type LoadOptions } from './load.ts';
export { configSchema, SECRET_PATHS, type VigilConfig } from './schema.ts';
