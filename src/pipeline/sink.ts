import type { Format } from '../core/event.ts';

/** Raw texts from one source, received together. The unit of durable hand-off to the pipeline. */
export interface RawBatch {
  /** Source name (from the ingest token, or the listener's configured name). */
  source: string;
  tenant: string;
  /** Format hint; `auto` lets the parser detect it per event. */
  format: Format;
  /** When Vigil received the texts (epoch ms). */
  received: number;
  /** Transport metadata for every event of the batch (e.g. `peer.ip`, `hec.index`). */
  meta?: Record<string, string | number>;
  /** One raw text per event. */
  events: string[];
}

/** Input that could not be framed or decoded at all; kept with the reason and the raw bytes. */
export interface RawRejection {
  source: string;
  tenant: string;
  received: number;
  reason: string;
  raw: Uint8Array;
}

/**
 * Where listeners hand events over. `submit` resolves only once the batch is on disk (an
 * acknowledgement may be sent then); it rejects with `OverloadedError` when the pipeline is
 * full, in which case nothing of the batch was kept. Listeners that can (TCP, TLS) stop reading
 * while `accepting` is false and resume on `onAccepting`.
 */
export interface IngestSink {
  submit(batch: RawBatch): Promise<void>;
  reject(rejection: RawRejection): Promise<void>;
  readonly accepting: boolean;
  /** Calls `listener` each time the sink goes from full to accepting; returns an unsubscribe. */
  onAccepting(listener: () => void): () => void;
}
