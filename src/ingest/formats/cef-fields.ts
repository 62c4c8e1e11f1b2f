/**
 * The CEF extension keys Vigil maps to ECS, by short key and by full ArcSight name
 * (`src` / `sourceAddress`). Time keys (`rt`, `start`, `end`), `dtz` and custom labels are handled
 * in cef.ts. Keys not listed stay only under `cef.extensions.<key>`.
 */
import type { Conv } from './cef-ecs.ts';

type Row = readonly [short: string, full: string | null, field: string, conv: Conv];

const ROWS: readonly Row[] = [
  ['src', 'sourceAddress', 'source.ip', 'ip'],
  ['dst', 'destinationAddress', 'destination.ip', 'ip'],
  ['c6a2', 'deviceCustomIPv6Address2', 'source.ip', 'ip'],
  ['c6a3', 'deviceCustomIPv6Address3', 'destination.ip', 'ip'],
  ['spt', 'sourcePort', 'source.port', 'port'],
  ['dpt', 'destinationPort', 'destination.port', 'port'],
  ['smac', 'sourceMacAddress', 'source.mac', 'str'],
  ['dmac', 'destinationMacAddress', 'destination.mac', 'str'],
  ['shost', 'sourceHostName', 'source.domain', 'str'],
  ['dhost', 'destinationHostName', 'destination.domain', 'str'],
  ['suser', 'sourceUserName', 'source.user.name', 'str'],
  ['duser', 'destinationUserName', 'destination.user.name', 'str'],
  ['suid', 'sourceUserId', 'source.user.id', 'str'],
  ['duid', 'destinationUserId', 'destination.user.id', 'str'],
  ['sntdom', 'sourceNtDomain', 'source.user.domain', 'str'],
  ['dntdom', 'destinationNtDomain', 'destination.user.domain', 'str'],
  ['sourceTranslatedAddress', null, 'source.nat.ip', 'ip'],
  ['sourceTranslatedPort', null, 'source.nat.port', 'port'],
  ['destinationTranslatedAddress', null, 'destination.nat.ip', 'ip'],
  ['destinationTranslatedPort', null, 'destination.nat.port', 'port'],
  ['in', 'bytesIn', 'source.bytes', 'int'],
  ['out', 'bytesOut', 'destination.bytes', 'int'],
  ['act', 'deviceAction', 'event.action', 'str'],
  ['app', 'applicationProtocol', 'network.protocol', 'lower'],
  ['proto', 'transportProtocol', 'network.transport', 'transport'],
  ['deviceDirection', null, 'network.direction', 'direction'],
  ['request', 'requestUrl', 'url.original', 'str'],
  ['requestMethod', null, 'http.request.method', 'str'],
  ['requestClientApplication', null, 'user_agent.original', 'str'],
  ['requestContext', null, 'http.request.referrer', 'str'],
  ['fname', 'fileName', 'file.name', 'str'],
  ['filePath', null, 'file.path', 'str'],
  ['fileHash', null, 'file.hash', 'hash'],
  ['fsize', 'fileSize', 'file.size', 'int'],
  ['msg', 'message', 'message', 'str'],
  ['dvchost', 'deviceHostName', 'observer.hostname', 'str'],
  ['dvc', 'deviceAddress', 'observer.ip', 'ip'],
  ['dvcmac', 'deviceMacAddress', 'observer.mac', 'str'],
  ['deviceExternalId', null, 'observer.name', 'str'],
  ['deviceInboundInterface', null, 'observer.ingress.interface.name', 'str'],
  ['deviceOutboundInterface', null, 'observer.egress.interface.name', 'str'],
  ['externalId', null, 'event.id', 'str'],
  ['reason', null, 'event.reason', 'str'],
  ['outcome', 'eventOutcome', 'event.outcome', 'outcome'],
  ['cat', 'deviceEventCategory', 'event.category', 'category'],
  ['dproc', 'destinationProcessName', 'process.name', 'str'],
  ['dpid', 'destinationProcessId', 'process.pid', 'int'],
  ['deviceProcessName', null, 'process.name', 'str'],
  ['dvcpid', 'deviceProcessId', 'process.pid', 'int'],
];

/** Extension key (short or full name) to its ECS field and conversion. */
export const CEF_FIELDS: ReadonlyMap<string, readonly [string, Conv]> = new Map(
  ROWS.flatMap(([short, full, field, conv]) => {
    const entry = [field, conv] as const;
    return full === null
      ? [[short, entry]]
      : [
          [short, entry],
          [full, entry],
        ];
  }),
);

/** Which device time an extension key carries. */
export const CEF_TIME_KEYS: ReadonlyMap<string, 'rt' | 'start' | 'end'> = new Map([
  ['rt', 'rt'],
  ['deviceReceiptTime', 'rt'],
  ['receiptTime', 'rt'],
  ['start', 'start'],
  ['startTime', 'start'],
  ['end', 'end'],
  ['endTime', 'end'],
]);

/** Custom-field keys whose values are numbers (`cn1`, `cfp2`, `flexNumber1`, full names too). */
export const NUMERIC_CUSTOM = /^(cn\d|cfp\d|flexNumber\d|deviceCustomNumber\d|deviceCustomFloatingPoint\d)$/;
