/**
 * Story 3, "aws-takeover": the IAM user dbrooks signs in to the console from 192.0.2.77 (a
 * country with no staff in DEMO_GEO) without MFA after one failure, stops the management trail,
 * creates `svc-backup-sync` with AdministratorAccess and an access key, then reads finance
 * exports from S3 with it. Events after StopLogging are still here because the organization
 * trail in the security account keeps recording. Seen in aws-cloudtrail. Times in stories.ts.
 */

import { CLI_UA, consoleLogin, iamUser, trail } from './cloudtrail.ts';
import { AWS_ACCOUNT, AWS_REGION, STORY_IPS } from './entities.ts';
import type { Rng } from './random.ts';
import { stableHex } from './random.ts';
import { clock, type DayWindow, MINUTE, SECOND } from './schedule.ts';
import { type BuiltStory, finish, storyStart } from './story-kit.ts';
import type { Pending } from './types.ts';

export const AWS_STORY = {
  victim: 'dbrooks',
  newUser: 'svc-backup-sync',
  trail: `arn:aws:cloudtrail:${AWS_REGION}:${AWS_ACCOUNT}:trail/northwind-management-trail`,
  policy: 'arn:aws:iam::aws:policy/AdministratorAccess',
  bucket: 'northwind-finance-exports',
  newKey: 'AKIA6NWL7QX2BKPSYNC9',
} as const;

/** `Nov 22, 2026 7:09:02 PM`, the date style of IAM responses in CloudTrail. */
function javaDate(ms: number): string {
  const d = new Date(ms);
  const month = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ')[d.getUTCMonth()];
  const h = d.getUTCHours();
  const hms = `${h % 12 === 0 ? 12 : h % 12}:${String(d.getUTCMinutes()).padStart(2, '0')}:${String(d.getUTCSeconds()).padStart(2, '0')}`;
  return `${month} ${d.getUTCDate()}, ${d.getUTCFullYear()} ${hms} ${h < 12 ? 'AM' : 'PM'}`;
}

const ATTACKER_UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';

export function buildAwsTakeover(rng: Rng, window: DayWindow): BuiltStory {
  const ip = STORY_IPS.awsIntruder;
  const t0 = storyStart(window, clock(19, 2, 31), 25 * MINUTE);
  const s = AWS_STORY;
  const records: Pending[] = [];
  const fail = t0;
  const login = t0 + 41 * SECOND;
  const consoleKey = `ASIA${stableHex('story-aws-console', 16).toUpperCase()}`;
  const me = iamUser(s.victim, { accessKey: consoleKey, mfa: false, sessionStart: login });
  const call = (
    t: number,
    source: string,
    name: string,
    request: Record<string, unknown> | null,
    readOnly: boolean,
    response: Record<string, unknown> | null = null,
    region?: string,
  ) =>
    trail(rng, t, {
      identity: me,
      source,
      name,
      ip,
      userAgent: 'AWS Internal',
      request,
      response,
      readOnly,
      ...(region ? { region } : {}),
    });

  records.push(
    consoleLogin(rng, fail, iamUser(s.victim), ip, ATTACKER_UA, false, false),
    consoleLogin(
      rng,
      login,
      iamUser(s.victim, { sessionStart: login, mfa: false }),
      ip,
      ATTACKER_UA,
      true,
      false,
    ),
    call(login + 88 * SECOND, 'iam.amazonaws.com', 'ListUsers', null, true, null, 'us-east-1'),
    call(
      login + 2 * MINUTE + 11 * SECOND,
      'cloudtrail.amazonaws.com',
      'DescribeTrails',
      { includeShadowTrails: true },
      true,
    ),
    call(
      login + 2 * MINUTE + 50 * SECOND,
      's3.amazonaws.com',
      'ListBuckets',
      { Host: 's3.amazonaws.com' },
      true,
    ),
  );
  const stop = login + 4 * MINUTE + 32 * SECOND;
  records.push(call(stop, 'cloudtrail.amazonaws.com', 'StopLogging', { name: s.trail }, false));
  const create = stop + MINUTE + 18 * SECOND;
  const newUserId = `AIDA${stableHex('story-aws-newuser', 17).toUpperCase()}`;
  records.push(
    call(
      create,
      'iam.amazonaws.com',
      'CreateUser',
      { userName: s.newUser },
      false,
      {
        user: {
          path: '/',
          userName: s.newUser,
          userId: newUserId,
          arn: `arn:aws:iam::${AWS_ACCOUNT}:user/${s.newUser}`,
          createDate: javaDate(create),
        },
      },
      'us-east-1',
    ),
    call(
      create + 19 * SECOND,
      'iam.amazonaws.com',
      'AttachUserPolicy',
      { userName: s.newUser, policyArn: s.policy },
      false,
      null,
      'us-east-1',
    ),
    call(
      create + 46 * SECOND,
      'iam.amazonaws.com',
      'CreateAccessKey',
      { userName: s.newUser },
      false,
      { accessKey: { userName: s.newUser, accessKeyId: s.newKey, status: 'Active' } },
      'us-east-1',
    ),
  );
  const exfil = create + 5 * MINUTE + 3 * SECOND;
  const backdoor = iamUser(s.newUser, { accessKey: s.newKey });
  records.push(
    trail(rng, exfil, {
      identity: backdoor,
      source: 's3.amazonaws.com',
      name: 'ListBuckets',
      ip,
      userAgent: CLI_UA,
      request: { Host: 's3.amazonaws.com' },
      readOnly: true,
    }),
  );
  for (let i = 0; i < 12; i++) {
    const key = `finance/2026/ledger-2026-${String(i + 1).padStart(2, '0')}.csv`;
    records.push(
      trail(rng, exfil + (20 + i * 23) * SECOND, {
        identity: backdoor,
        source: 's3.amazonaws.com',
        name: 'GetObject',
        ip,
        userAgent: CLI_UA,
        request: { bucketName: s.bucket, key, Host: `${s.bucket}.s3.eu-west-2.amazonaws.com` },
        additional: {
          SignatureVersion: 'SigV4',
          bytesTransferredIn: 0,
          bytesTransferredOut: rng.int(200_000, 2_000_000),
          AuthenticationMethod: 'AuthHeader',
        },
        readOnly: true,
        category: 'Data',
        resources: [
          { type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${s.bucket}/${key}` },
          { accountId: AWS_ACCOUNT, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${s.bucket}` },
        ],
      }),
    );
  }
  return finish(
    {
      id: 'aws-takeover',
      title: 'AWS console login without MFA, CloudTrail stopped, admin backdoor user',
      summary: `${s.victim} signs in from ${ip} without MFA (one failure first), calls StopLogging on northwind-management-trail, creates ${s.newUser} with AdministratorAccess and an access key, then downloads 12 objects from ${s.bucket} with that key.`,
      techniques: ['T1078.004', 'T1562.008', 'T1136.003', 'T1098.001', 'T1098.003', 'T1530'],
      hosts: [],
      users: [s.victim, s.newUser],
      ips: [ip],
      domains: [],
      steps: [
        { time: fail, what: `ConsoleLogin failure for ${s.victim} from ${ip}`, sources: ['aws-cloudtrail'] },
        { time: login, what: 'ConsoleLogin success, MFAUsed No', sources: ['aws-cloudtrail'] },
        { time: stop, what: 'StopLogging on northwind-management-trail', sources: ['aws-cloudtrail'] },
        { time: create, what: `CreateUser ${s.newUser}`, sources: ['aws-cloudtrail'] },
        {
          time: create + 19 * SECOND,
          what: 'AttachUserPolicy AdministratorAccess',
          sources: ['aws-cloudtrail'],
        },
        { time: create + 46 * SECOND, what: 'CreateAccessKey', sources: ['aws-cloudtrail'] },
        {
          time: exfil,
          what: `${s.newUser} lists buckets and downloads 12 objects from ${s.bucket}`,
          sources: ['aws-cloudtrail'],
        },
      ],
    },
    records,
  );
}
