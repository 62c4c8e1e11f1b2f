/**
 * AWS CloudTrail records, one JSON object per raw text (as a shipper splits a `Records` file):
 * identities (IAMUser, AssumedRole, Root) and the record envelope. eventTime is whole seconds.
 */
import { AWS_ACCOUNT, AWS_REGION } from './entities.ts';
import type { Rng } from './random.ts';
import { stableHex } from './random.ts';
import { cloudTrailStamp } from './timefmt.ts';
import { type Pending, ready } from './types.ts';

export type Identity = Record<string, unknown>;

const id = (prefix: string, name: string): string =>
  `${prefix}${stableHex(`${prefix}:${name}`, 17).toUpperCase()}`;

export function iamUser(
  user: string,
  opts: { accessKey?: string; mfa?: boolean; sessionStart?: number } = {},
): Identity {
  const identity: Identity = {
    type: 'IAMUser',
    principalId: id('AIDA', user),
    arn: `arn:aws:iam::${AWS_ACCOUNT}:user/${user}`,
    accountId: AWS_ACCOUNT,
    accessKeyId: opts.accessKey ?? '',
    userName: user,
  };
  if (opts.sessionStart !== undefined) {
    identity['sessionContext'] = {
      attributes: {
        creationDate: cloudTrailStamp(opts.sessionStart),
        mfaAuthenticated: String(opts.mfa ?? false),
      },
    };
  }
  return identity;
}

export function assumedRole(
  role: string,
  session: string,
  sessionStart: number,
  accessKey: string,
): Identity {
  const roleId = id('AROA', role);
  return {
    type: 'AssumedRole',
    principalId: `${roleId}:${session}`,
    arn: `arn:aws:sts::${AWS_ACCOUNT}:assumed-role/${role}/${session}`,
    accountId: AWS_ACCOUNT,
    accessKeyId: accessKey,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: roleId,
        arn: `arn:aws:iam::${AWS_ACCOUNT}:role/${role}`,
        accountId: AWS_ACCOUNT,
        userName: role,
      },
      attributes: { creationDate: cloudTrailStamp(sessionStart), mfaAuthenticated: 'false' },
    },
  };
}

export function rootIdentity(sessionStart?: number): Identity {
  const identity: Identity = {
    type: 'Root',
    principalId: AWS_ACCOUNT,
    arn: `arn:aws:iam::${AWS_ACCOUNT}:root`,
    accountId: AWS_ACCOUNT,
    accessKeyId: '',
  };
  if (sessionStart !== undefined) {
    identity['sessionContext'] = {
      attributes: { creationDate: cloudTrailStamp(sessionStart), mfaAuthenticated: 'true' },
    };
  }
  return identity;
}

export const accessKey = (rng: Rng, temporary: boolean): string =>
  `${temporary ? 'ASIA' : 'AKIA'}${rng.base62(16).toUpperCase()}`;

export interface TrailEvent {
  identity: Identity;
  source: string;
  name: string;
  ip: string;
  userAgent: string;
  region?: string;
  request?: Record<string, unknown> | null;
  response?: Record<string, unknown> | null;
  additional?: Record<string, unknown>;
  errorCode?: string;
  errorMessage?: string;
  readOnly: boolean;
  eventType?: 'AwsApiCall' | 'AwsConsoleSignIn';
  category?: 'Management' | 'Data';
  resources?: readonly Record<string, string>[];
}

/** A CloudTrail record; `time` must be whole seconds. */
export function trail(rng: Rng, time: number, e: TrailEvent): Pending {
  const record: Record<string, unknown> = {
    eventVersion: '1.10',
    userIdentity: e.identity,
    eventTime: cloudTrailStamp(time),
    eventSource: e.source,
    eventName: e.name,
    awsRegion: e.region ?? AWS_REGION,
    sourceIPAddress: e.ip,
    userAgent: e.userAgent,
  };
  if (e.errorCode) record['errorCode'] = e.errorCode;
  if (e.errorMessage) record['errorMessage'] = e.errorMessage;
  record['requestParameters'] = e.request ?? null;
  record['responseElements'] = e.response ?? null;
  if (e.additional) record['additionalEventData'] = e.additional;
  if (e.eventType !== 'AwsConsoleSignIn') record['requestID'] = rng.uuid();
  record['eventID'] = rng.uuid();
  record['readOnly'] = e.readOnly;
  if (e.resources) record['resources'] = e.resources;
  record['eventType'] = e.eventType ?? 'AwsApiCall';
  record['managementEvent'] = (e.category ?? 'Management') === 'Management';
  record['recipientAccountId'] = AWS_ACCOUNT;
  record['eventCategory'] = e.category ?? 'Management';
  if (e.eventType !== 'AwsConsoleSignIn') {
    record['tlsDetails'] = {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: `${e.source.split('.')[0]}.${e.region ?? AWS_REGION}.amazonaws.com`,
    };
  }
  return ready({ format: 'cloudtrail', source: 'aws-cloudtrail', raw: JSON.stringify(record), time });
}

export function consoleLogin(
  rng: Rng,
  time: number,
  identity: Identity,
  ip: string,
  userAgent: string,
  ok: boolean,
  mfa: boolean,
): Pending {
  return trail(rng, time, {
    identity,
    source: 'signin.amazonaws.com',
    name: 'ConsoleLogin',
    region: 'us-east-1',
    ip,
    userAgent,
    response: { ConsoleLogin: ok ? 'Success' : 'Failure' },
    additional: {
      LoginTo:
        'https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_us-east-1',
      MobileVersion: 'No',
      MFAIdentifier: mfa ? `arn:aws:iam::${AWS_ACCOUNT}:mfa/authenticator` : undefined,
      MFAUsed: mfa ? 'Yes' : 'No',
    },
    ...(ok ? {} : { errorMessage: 'Failed authentication' }),
    readOnly: false,
    eventType: 'AwsConsoleSignIn',
  });
}

export const CONSOLE_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
export const BOTO_UA =
  'Boto3/1.35.54 md/Botocore#1.35.54 ua/2.0 os/linux#5.10.227-239.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.35.54';
export const NODE_UA =
  'aws-sdk-js/3.693.0 ua/2.1 os/linux#6.8.0-48-generic lang/js md/nodejs#20.18.0 api/s3#3.693.0';
export const CLI_UA =
  'aws-cli/2.19.1 md/awscrt#0.22.0 ua/2.0 os/linux#6.8.0-48-generic md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.24 md/prompt#off md/command#deploy';
