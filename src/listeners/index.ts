/** Public surface of the syslog listeners (UDP, TCP, TLS; RFC 6587 framing; backpressure). */
export type { SyslogListenerStats } from './listener-stats.ts';
export { INVALID_UTF8_NOTE, SYSLOG_META } from './syslog-batches.ts';
export {
  DEFAULT_MAX_FRAME_BYTES,
  type DeframeOutput,
  type FrameRejection,
  REJECTED_SAMPLE_BYTES,
  SyslogDeframer,
  type SyslogFrame,
} from './syslog-framing.ts';
export {
  DEFAULT_IDLE_TIMEOUT_MS,
  type SyslogListenerOptions,
  type SyslogListeners,
  type SyslogTlsOptions,
  startSyslogListeners,
} from './syslog-server.ts';
