export { dataPath, envTree, type LoadOptions, loadConfig, maskSecrets } from './load.ts';
export { configSchema, SECRET_PATHS, type VigilConfig } from './schema.ts';
