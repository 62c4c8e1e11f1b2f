import { describe, expect, it } from 'vitest';
import type { VigilEvent } from '../../core/event.ts';
import type { ParseContext } from '../types.ts';
import { parseCloudTrail } from './cloudtrail.ts';
import { splitRecords } from './record-files.ts';

const ctx: ParseContext = { received: Date.UTC(2026, 10, 22, 12), assumeTimeZone: 'UTC' };

function ok(raw: string): VigilEvent {
  const out = parseCloudTrail(raw, ctx);
  if (!out.ok) throw new Error(`expected an event, got: ${out.reason}`);
  return out.event;
}

const CONSOLE_LOGIN = {
  eventVersion: '1.09',
  userIdentity: {
    type: 'IAMUser',
    principalId: 'AIDA6ON6E4XEGITEXAMPLE',
    arn: 'arn:aws:iam::111122223333:user/alice',
    accountId: '111122223333',
    userName: 'alice',
  },
  eventTime: '2026-11-22T08:15:42Z',
  eventSource: 'signin.amazonaws.com',
  eventName: 'ConsoleLogin',
  awsRegion: 'us-east-1',
  sourceIPAddress: '192.0.2.44',
  userAgent:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36',
  requestParameters: null,
  responseElements: { ConsoleLogin: 'Success' },
  additionalEventData: {
    LoginTo: 'https://console.aws.amazon.com/console/home',
    MobileVersion: 'No',
    MFAUsed: 'Yes',
  },
  eventID: '3fcfb5c3-8b5e-4a7e-a1d2-6c0f1f5f9e21',
  readOnly: false,
  eventType: 'AwsConsoleSignIn',
  managementEvent: true,
  recipientAccountId: '111122223333',
  eventCategory: 'Management',
  tlsDetails: {
    tlsVersion: 'TLSv1.3',
    cipherSuite: 'TLS_AES_128_GCM_SHA256',
    clientProvidedHostHeader: 'signin.aws.amazon.com',
  },
};

const ASSUME_ROLE = {
  eventVersion: '1.08',
  userIdentity: {
    type: 'AssumedRole',
    principalId: 'AROA6ON6E4XEXAMPLE:ci-runner',
    arn: 'arn:aws:sts::111122223333:assumed-role/DeployRole/ci-runner',
    accountId: '111122223333',
    accessKeyId: 'ASIA6ON6E4XEXAMPLE',
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: 'AROA6ON6E4XEXAMPLE',
        arn: 'arn:aws:iam::111122223333:role/DeployRole',
        accountId: '111122223333',
        userName: 'DeployRole',
      },
      attributes: { creationDate: '2026-11-22T08:00:00Z', mfaAuthenticated: 'false' },
    },
  },
  eventTime: '2026-11-22T08:20:00Z',
  eventSource: 'sts.amazonaws.com',
  eventName: 'AssumeRole',
  awsRegion: 'eu-central-1',
  sourceIPAddress: '203.0.113.80',
  userAgent: 'aws-cli/2.17.0 md/Botocore#1.34.0 ua/2.0 os/linux#6.5.0',
  requestParameters: {
    roleArn: 'arn:aws:iam::444455556666:role/CrossAccountAdmin',
    roleSessionName: 'ci-runner',
    durationSeconds: 3600,
  },
  responseElements: {
    credentials: { accessKeyId: 'ASIAEXAMPLE2', expiration: 'Nov 22, 2026, 9:20:00 AM', sessionToken: 'xyz' },
    assumedRoleUser: {
      assumedRoleId: 'AROAEXAMPLE2:ci-runner',
      arn: 'arn:aws:sts::444455556666:assumed-role/CrossAccountAdmin/ci-runner',
    },
  },
  requestID: '9c1e6f8a-2b5d-4e0c-8a3e-1f2d3c4b5a69',
  eventID: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  readOnly: true,
  resources: [
    {
      accountId: '444455556666',
      type: 'AWS::IAM::Role',
      ARN: 'arn:aws:iam::444455556666:role/CrossAccountAdmin',
    },
  ],
  eventType: 'AwsApiCall',
  managementEvent: true,
  recipientAccountId: '111122223333',
  eventCategory: 'Management',
};

const CREATE_USER_DENIED = {
  eventVersion: '1.08',
  userIdentity: {
    type: 'AssumedRole',
    principalId: 'AROA6ON6E4XEXAMPLE:ci-runner',
    arn: 'arn:aws:sts::111122223333:assumed-role/DeployRole/ci-runner',
    accountId: '111122223333',
  },
  eventTime: '2026-11-22T08:21:07Z',
  eventSource: 'iam.amazonaws.com',
  eventName: 'CreateUser',
  awsRegion: 'us-east-1',
  sourceIPAddress: '203.0.113.80',
  userAgent: 'aws-cli/2.17.0',
  errorCode: 'AccessDenied',
  errorMessage:
    'User: arn:aws:sts::111122223333:assumed-role/DeployRole/ci-runner is not authorized to perform: iam:CreateUser',
  requestParameters: { userName: 'backdoor' },
  responseElements: null,
  requestID: '0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
  eventID: 'f0e1d2c3-b4a5-4968-8776-5a4b3c2d1e0f',
  readOnly: false,
  eventType: 'AwsApiCall',
  managementEvent: true,
  recipientAccountId: '111122223333',
};

describe('parseCloudTrail', () => {
  it('ConsoleLogin by an IAM user', () => {
    const raw = JSON.stringify(CONSOLE_LOGIN);
    expect(ok(raw)).toMatchObject({
      '@timestamp': '2026-11-22T08:15:42.000Z',
      'event.original': raw,
      'vigil.format': 'cloudtrail',
      'cloud.provider': 'aws',
      'cloud.region': 'us-east-1',
      'cloud.account.id': '111122223333',
      'event.kind': 'event',
      'event.module': 'aws',
      'event.dataset': 'aws.cloudtrail',
      'event.action': 'ConsoleLogin',
      'event.provider': 'signin.amazonaws.com',
      'event.outcome': 'success',
      'event.category': ['authentication'],
      'event.type': ['start'],
      'event.id': '3fcfb5c3-8b5e-4a7e-a1d2-6c0f1f5f9e21',
      'source.ip': '192.0.2.44',
      'user_agent.original': CONSOLE_LOGIN.userAgent,
      'user.name': 'alice',
      'user.id': 'AIDA6ON6E4XEGITEXAMPLE',
      'tls.version': '1.3',
      'tls.cipher': 'TLS_AES_128_GCM_SHA256',
      'aws.cloudtrail.userIdentity.type': 'IAMUser',
      'aws.cloudtrail.userIdentity.arn': 'arn:aws:iam::111122223333:user/alice',
      'aws.cloudtrail.responseElements.ConsoleLogin': 'Success',
      'aws.cloudtrail.additionalEventData.MFAUsed': 'Yes',
      'aws.cloudtrail.requestParameters': null,
      'aws.cloudtrail.readOnly': false,
    });
  });

  it('a failed root ConsoleLogin is a failure without an errorCode', () => {
    const raw = JSON.stringify({
      ...CONSOLE_LOGIN,
      userIdentity: {
        type: 'Root',
        principalId: '111122223333',
        arn: 'arn:aws:iam::111122223333:root',
        accountId: '111122223333',
      },
      responseElements: { ConsoleLogin: 'Failure' },
      errorMessage: 'Failed authentication',
    });
    expect(ok(raw)).toMatchObject({
      'event.outcome': 'failure',
      'user.name': 'root',
      'user.id': '111122223333',
    });
  });

  it('AssumeRole: the session name is the user and the issuing role is a role; lists of objects stay JSON text', () => {
    expect(ok(JSON.stringify(ASSUME_ROLE))).toMatchObject({
      'event.action': 'AssumeRole',
      'event.provider': 'sts.amazonaws.com',
      'event.category': ['authentication'],
      'event.outcome': 'success',
      'cloud.region': 'eu-central-1',
      'user.name': 'ci-runner',
      'user.id': 'AROA6ON6E4XEXAMPLE:ci-runner',
      'user.roles': ['arn:aws:iam::111122223333:role/DeployRole'],
      'aws.cloudtrail.requestParameters.roleArn': 'arn:aws:iam::444455556666:role/CrossAccountAdmin',
      'aws.cloudtrail.requestParameters.durationSeconds': 3600,
      'aws.cloudtrail.userIdentity.sessionContext.sessionIssuer.type': 'Role',
      'aws.cloudtrail.resources':
        '[{"accountId":"444455556666","type":"AWS::IAM::Role","ARN":"arn:aws:iam::444455556666:role/CrossAccountAdmin"}]',
    });
  });

  it('CreateUser denied: errorCode makes it a failure; exact event', () => {
    const raw = JSON.stringify(CREATE_USER_DENIED);
    expect(ok(raw)).toEqual({
      '@timestamp': '2026-11-22T08:21:07.000Z',
      'event.original': raw,
      'vigil.format': 'cloudtrail',
      'aws.cloudtrail.eventVersion': '1.08',
      'aws.cloudtrail.userIdentity.type': 'AssumedRole',
      'aws.cloudtrail.userIdentity.principalId': 'AROA6ON6E4XEXAMPLE:ci-runner',
      'aws.cloudtrail.userIdentity.arn': 'arn:aws:sts::111122223333:assumed-role/DeployRole/ci-runner',
      'aws.cloudtrail.userIdentity.accountId': '111122223333',
      'aws.cloudtrail.eventTime': '2026-11-22T08:21:07Z',
      'aws.cloudtrail.eventSource': 'iam.amazonaws.com',
      'aws.cloudtrail.eventName': 'CreateUser',
      'aws.cloudtrail.awsRegion': 'us-east-1',
      'aws.cloudtrail.sourceIPAddress': '203.0.113.80',
      'aws.cloudtrail.userAgent': 'aws-cli/2.17.0',
      'aws.cloudtrail.errorCode': 'AccessDenied',
      'aws.cloudtrail.errorMessage': CREATE_USER_DENIED.errorMessage,
      'aws.cloudtrail.requestParameters.userName': 'backdoor',
      'aws.cloudtrail.responseElements': null,
      'aws.cloudtrail.requestID': '0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
      'aws.cloudtrail.eventID': 'f0e1d2c3-b4a5-4968-8776-5a4b3c2d1e0f',
      'aws.cloudtrail.readOnly': false,
      'aws.cloudtrail.eventType': 'AwsApiCall',
      'aws.cloudtrail.managementEvent': true,
      'aws.cloudtrail.recipientAccountId': '111122223333',
      'cloud.provider': 'aws',
      'cloud.region': 'us-east-1',
      'cloud.account.id': '111122223333',
      'event.kind': 'event',
      'event.module': 'aws',
      'event.dataset': 'aws.cloudtrail',
      'event.action': 'CreateUser',
      'event.provider': 'iam.amazonaws.com',
      'event.id': 'f0e1d2c3-b4a5-4968-8776-5a4b3c2d1e0f',
      'event.outcome': 'failure',
      'error.code': 'AccessDenied',
      'error.message': CREATE_USER_DENIED.errorMessage,
      'source.ip': '203.0.113.80',
      'user_agent.original': 'aws-cli/2.17.0',
      'user.name': 'ci-runner',
      'user.id': 'AROA6ON6E4XEXAMPLE:ci-runner',
      'event.type': ['creation'],
      'event.category': ['iam'],
    });
  });

  it('a service caller has source.domain instead of source.ip', () => {
    const raw = JSON.stringify({
      ...ASSUME_ROLE,
      userIdentity: { type: 'AWSService', invokedBy: 'lambda.amazonaws.com' },
      sourceIPAddress: 'lambda.amazonaws.com',
    });
    const ev = ok(raw);
    expect(ev['source.domain']).toBe('lambda.amazonaws.com');
    expect(ev['source.ip']).toBeUndefined();
    expect(ev['user.name']).toBeUndefined();
  });

  it.each([
    [
      '{"Records":[{"eventName":"ListUsers","eventSource":"iam.amazonaws.com"}]}',
      /CloudTrail log file.*split/,
    ],
    ['{"Records":[]}', /CloudTrail log file/],
    ['{"hello":"world"}', /neither eventName nor eventSource/],
    ['[1,2]', /one JSON object per event/],
  ])('rejects %s', (raw, reason) => {
    const out = parseCloudTrail(raw, ctx);
    expect(out.ok).toBe(false);
    expect(!out.ok && out.reason).toMatch(reason);
  });
});

describe('splitRecords', () => {
  it('gives one JSON text per record, each parseable on its own', () => {
    const file = JSON.stringify({ Records: [CONSOLE_LOGIN, ASSUME_ROLE, CREATE_USER_DENIED] });
    const parts = splitRecords(file);
    expect(parts).toHaveLength(3);
    expect(parts.map((p) => ok(p)['event.action'])).toEqual(['ConsoleLogin', 'AssumeRole', 'CreateUser']);
  });

  it('returns text that is not a log file as its only element', () => {
    const one = JSON.stringify(CONSOLE_LOGIN);
    expect(splitRecords(one)).toEqual([one]);
    expect(splitRecords('garbage')).toEqual(['garbage']);
    expect(splitRecords('{"Records":[]}')).toEqual([]);
  });
});
