export { createLogger, type Logger, REDACT_PATHS } from './log.ts';
export { createMetrics, type Metrics } from './metrics.ts';
