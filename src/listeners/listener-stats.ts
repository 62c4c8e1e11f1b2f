/** Counters kept by the syslog listeners, read through `SyslogListeners.stats()`. */

export interface SyslogListenerStats {
  /** UDP datagrams received (each is one message). */
  udpDatagrams: number;
  /** UDP messages dropped: the sink was full or too many UDP submits were in flight (UDP cannot push back). */
  udpDropped: number;
  /** TCP/TLS connections accepted. */
  connectionsAccepted: number;
  /** TCP/TLS connections open now. */
  connectionsActive: number;
  /** Connections refused because a listener had `maxConnections` open. */
  connectionsRefused: number;
  /** Connections closed after `idleTimeoutMs` without data. */
  connectionsIdleClosed: number;
  /** TLS handshakes that failed (bad certificate, plain TCP on the TLS port, ...). */
  tlsHandshakeErrors: number;
  /** Bytes read from sockets (TCP, TLS after decryption, UDP). */
  bytesReceived: number;
  /** Messages deframed (all transports), before submission. */
  messagesReceived: number;
  /** Batches the sink acknowledged as durable, and the events in them. */
  batchesSubmitted: number;
  eventsSubmitted: number;
  /** Frames or datagrams handed to `sink.reject` (oversized, truncated). */
  rejected: number;
  /** Messages that were not valid UTF-8 (delivered with U+FFFD, batch marked). */
  invalidUtf8: number;
  /** Times a TCP/TLS batch found the sink full; reading was paused until it accepted again. */
  sinkFullWaits: number;
  /** Submits that failed for another reason than overload (the connection is then closed). */
  submitErrors: number;
  /** `sink.reject` calls that failed. */
  rejectErrors: number;
  /** Events of TCP/TLS batches still waiting for a full sink when `close()` was called. */
  droppedOnClose: number;
}

export function newStats(): SyslogListenerStats {
  return {
    udpDatagrams: 0,
    udpDropped: 0,
    connectionsAccepted: 0,
    connectionsActive: 0,
    connectionsRefused: 0,
    connectionsIdleClosed: 0,
    tlsHandshakeErrors: 0,
    bytesReceived: 0,
    messagesReceived: 0,
    batchesSubmitted: 0,
    eventsSubmitted: 0,
    rejected: 0,
    invalidUtf8: 0,
    sinkFullWaits: 0,
    submitErrors: 0,
    rejectErrors: 0,
    droppedOnClose: 0,
  };
}
