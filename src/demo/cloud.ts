/**
 * Background of the AWS account (CloudTrail): an inventory Lambda polling EC2, the orders API
 * reading and writing invoices in S3 (data events), engineers signing in to the console with
 * MFA from the office and browsing, CI assuming the deploy role, and one benign Root sign-in
 * with MFA at about 16:05 UTC to look at costs.
 */

import {
  accessKey,
  assumedRole,
  BOTO_UA,
  CLI_UA,
  CONSOLE_UA,
  consoleLogin,
  iamUser,
  NODE_UA,
  rootIdentity,
  trail,
} from './cloudtrail.ts';
import { AWS_NAT_IP, OFFICE_EGRESS_IP } from './entities.ts';
import { activityStream, sortedStream } from './merge.ts';
import type { Rng } from './random.ts';
import {
  arrivals,
  atClock,
  clock,
  type DayWindow,
  flatProfile,
  officeProfile,
  SECOND,
  serverProfile,
  wholeSeconds,
} from './schedule.ts';
import type { Pending } from './types.ts';

export const CONSOLE_USERS = ['akowalski', 'bwong', 'dbrooks', 'pnatarajan', 'jhaddad', 'ktanaka'] as const;
const ORDERS_BUCKET = 'northwind-orders-prod';

function inventory(rng: Rng, t: number): Pending[] {
  const session = `nw-inventory-${rng.hex(8)}`;
  const who = assumedRole('nw-inventory-lambda-role', session, t - 2 * SECOND, accessKey(rng, true));
  return [
    trail(rng, t, {
      identity: who,
      source: 'ec2.amazonaws.com',
      name: 'DescribeInstances',
      ip: AWS_NAT_IP,
      userAgent: BOTO_UA,
      request: {
        instancesSet: {},
        filterSet: { items: [{ name: 'tag:env', valueSet: { items: [{ value: 'prod' }] } }] },
      },
      readOnly: true,
    }),
  ];
}

function ordersS3(rng: Rng, t: number): Pending[] {
  const put = rng.chance(0.4);
  const key = `invoices/2026/${rng.pick(['10', '11'])}/inv-${rng.int(50000, 99999)}.pdf`;
  const who = assumedRole(
    'orders-api-role',
    `orders-api-${rng.pick(['app-01', 'app-02'])}`,
    t - rng.int(60, 3000) * SECOND,
    accessKey(rng, true),
  );
  const bytes = rng.int(20_000, 400_000);
  return [
    trail(rng, t, {
      identity: who,
      source: 's3.amazonaws.com',
      name: put ? 'PutObject' : 'GetObject',
      ip: OFFICE_EGRESS_IP,
      userAgent: NODE_UA,
      request: { bucketName: ORDERS_BUCKET, Host: `${ORDERS_BUCKET}.s3.eu-west-2.amazonaws.com`, key },
      response: put ? { 'x-amz-server-side-encryption': 'aws:kms' } : null,
      additional: {
        SignatureVersion: 'SigV4',
        CipherSuite: 'TLS_AES_128_GCM_SHA256',
        bytesTransferredIn: put ? bytes : 0,
        bytesTransferredOut: put ? 0 : bytes,
        AuthenticationMethod: 'AuthHeader',
      },
      readOnly: !put,
      category: 'Data',
      resources: [
        { type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${ORDERS_BUCKET}/${key}` },
        { accountId: '444455556666', type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${ORDERS_BUCKET}` },
      ],
    }),
  ];
}

const CONSOLE_CALLS: readonly (readonly [string, string, Record<string, unknown> | null])[] = [
  ['ec2.amazonaws.com', 'DescribeInstances', { instancesSet: {}, filterSet: {} }],
  ['s3.amazonaws.com', 'ListBuckets', { Host: 's3.amazonaws.com' }],
  ['monitoring.amazonaws.com', 'GetMetricData', null],
  ['rds.amazonaws.com', 'DescribeDBInstances', null],
  ['cloudtrail.amazonaws.com', 'LookupEvents', { maxResults: 50 }],
  ['iam.amazonaws.com', 'ListUsers', null],
  ['logs.amazonaws.com', 'FilterLogEvents', { logGroupName: '/aws/lambda/nw-inventory' }],
];

function consoleSession(rng: Rng, t: number): Pending[] {
  const user = rng.pick(CONSOLE_USERS);
  const out: Pending[] = [];
  let at = t;
  if (rng.chance(0.08)) {
    out.push(consoleLogin(rng, at, iamUser(user), OFFICE_EGRESS_IP, CONSOLE_UA, false, false));
    at += rng.int(10, 40) * SECOND;
  }
  out.push(
    consoleLogin(
      rng,
      at,
      iamUser(user, { sessionStart: at, mfa: true }),
      OFFICE_EGRESS_IP,
      CONSOLE_UA,
      true,
      true,
    ),
  );
  const key = accessKey(rng, true);
  for (let i = rng.int(2, 8); i > 0; i--) {
    at += rng.int(5, 240) * SECOND;
    const [source, name, request] = rng.pick(CONSOLE_CALLS);
    out.push(
      trail(rng, at, {
        identity: iamUser(user, { accessKey: key, mfa: true, sessionStart: t }),
        source,
        name,
        ip: OFFICE_EGRESS_IP,
        userAgent: `AWS Internal`,
        request,
        readOnly: true,
      }),
    );
  }
  return out;
}

function ciDeploy(rng: Rng, t: number): Pending[] {
  const session = `ci-${rng.int(1000, 9999)}`;
  const temp = accessKey(rng, true);
  const out: Pending[] = [
    trail(rng, t, {
      identity: iamUser('ci-deployer', { accessKey: 'AKIA6NWLCIDEPLOY0001' }),
      source: 'sts.amazonaws.com',
      name: 'AssumeRole',
      ip: OFFICE_EGRESS_IP,
      userAgent: CLI_UA,
      request: {
        roleArn: 'arn:aws:iam::444455556666:role/deploy-role',
        roleSessionName: session,
        durationSeconds: 3600,
      },
      response: { credentials: { accessKeyId: temp, sessionToken: '<redacted>', expiration: 'in 1h' } },
      readOnly: true,
      resources: [
        {
          accountId: '444455556666',
          type: 'AWS::IAM::Role',
          ARN: 'arn:aws:iam::444455556666:role/deploy-role',
        },
      ],
    }),
  ];
  const who = assumedRole('deploy-role', session, t, temp);
  let at = t;
  for (let i = rng.int(1, 4); i > 0; i--) {
    at += rng.int(2, 20) * SECOND;
    const asset = `static/${rng.hex(8)}.js`;
    out.push(
      trail(rng, at, {
        identity: who,
        source: 's3.amazonaws.com',
        name: 'PutObject',
        ip: OFFICE_EGRESS_IP,
        userAgent: CLI_UA,
        request: {
          bucketName: 'northwind-static-assets',
          key: asset,
          Host: 'northwind-static-assets.s3.eu-west-2.amazonaws.com',
        },
        readOnly: false,
        category: 'Data',
        resources: [{ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::northwind-static-assets/${asset}` }],
      }),
    );
  }
  return out;
}

function rootVisit(rng: Rng, window: DayWindow): Pending[] {
  const t = atClock(window, clock(16, 5, 21));
  return [
    consoleLogin(rng, t, rootIdentity(), OFFICE_EGRESS_IP, CONSOLE_UA, true, true),
    trail(rng, t + 40 * SECOND, {
      identity: rootIdentity(t),
      source: 'ce.amazonaws.com',
      name: 'GetCostAndUsage',
      region: 'us-east-1',
      ip: OFFICE_EGRESS_IP,
      userAgent: 'AWS Internal',
      request: { granularity: 'MONTHLY', metrics: ['UnblendedCost'] },
      readOnly: true,
    }),
  ].filter((p) => p.time < window.end);
}

export function cloudStreams(rng: Rng, window: DayWindow, scale: number): Iterable<Pending>[] {
  const stream = (
    label: string,
    perDay: number,
    profile: typeof flatProfile,
    act: (r: Rng, t: number) => Pending[],
  ) => {
    const r = rng.fork(label);
    return activityStream(
      wholeSeconds(arrivals(r, window, perDay * scale, profile)),
      (t) => act(r, t),
      window.end,
    );
  };
  return [
    stream('inventory', 200, flatProfile, inventory),
    stream('orders-s3', 260, serverProfile, ordersS3),
    stream('console', 14, officeProfile, consoleSession),
    stream('ci', 24, officeProfile, ciDeploy),
    sortedStream(rootVisit(rng.fork('root'), window)),
  ];
}
