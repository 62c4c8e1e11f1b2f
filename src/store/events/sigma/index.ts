/** Sigma rules over the event store: the rule → SQL compiler and the hunt query. */
export { compileSigmaToSql, type SigmaSql, type SigmaSqlOutcome } from './compile.ts';
export { defaultPipelines, huntSigma } from './hunt.ts';
export type { HuntRequest, HuntResult } from './types.ts';
