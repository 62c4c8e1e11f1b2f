/** Prometheus metrics of a Vigil process, in one registry (no global default registry). */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  eventsIn: Counter<'source' | 'transport'>;
  eventsStored: Counter<'source'>;
  eventsRejected: Counter<'source'>;
  requestsRefused: Counter<'reason'>;
  backlogBytes: Gauge;
  batchLatency: Histogram;
  batchEvents: Histogram;
  detections: Counter;
  alerts: Counter<'outcome'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'vigil_process_' });
  return {
    registry,
    eventsIn: new Counter({
      name: 'vigil_events_in_total',
      help: 'Events accepted durably into the ingest journal, per source and transport',
      labelNames: ['source', 'transport'],
      registers: [registry],
    }),
    eventsStored: new Counter({
      name: 'vigil_events_stored_total',
      help: 'Events parsed and stored in the event store, per source',
      labelNames: ['source'],
      registers: [registry],
    }),
    eventsRejected: new Counter({
      name: 'vigil_events_rejected_total',
      help: 'Events sent to the dead-letter store, per source',
      labelNames: ['source'],
      registers: [registry],
    }),
    requestsRefused: new Counter({
      name: 'vigil_ingest_refused_total',
      help: 'Ingest requests refused before the journal (auth, size, rate, overload)',
      labelNames: ['reason'],
      registers: [registry],
    }),
    backlogBytes: new Gauge({
      name: 'vigil_pipeline_backlog_bytes',
      help: 'Journal bytes acknowledged but not yet stored (queue depth)',
      registers: [registry],
    }),
    batchLatency: new Histogram({
      name: 'vigil_pipeline_batch_seconds',
      help: 'Time to parse, enrich, detect and store one pipeline batch',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    batchEvents: new Histogram({
      name: 'vigil_pipeline_batch_events',
      help: 'Events per pipeline batch',
      buckets: [1, 10, 100, 1000, 5000, 20000, 50000],
      registers: [registry],
    }),
    detections: new Counter({
      name: 'vigil_detections_total',
      help: 'Detections (rule matches) stored',
      registers: [registry],
    }),
    alerts: new Counter({
      name: 'vigil_alert_intake_total',
      help: 'New detections by what became of them: a new alert, grouped into an open one, or suppressed',
      labelNames: ['outcome'],
      registers: [registry],
    }),
  };
}
