/**
 * Application logs: the orders API and billing worker send RFC 5424 syslog with structured data
 * ('app-syslog'); the customer portal writes one JSON object per line ('customer-portal') with
 * logins, failed logins, password resets and errors from customer addresses.
 */
import { CUSTOMER_IPS } from './entities.ts';
import { activityStream } from './merge.ts';
import type { Rng } from './random.ts';
import { arrivals, type DayWindow, officeProfile, serverProfile } from './schedule.ts';
import { pri, rfc5424 } from './syslog.ts';
import { isoMillis } from './timefmt.ts';
import { type Pending, ready } from './types.ts';

const PEN = '32473';
const customer = (rng: Rng): string => `c-${rng.int(10000, 19999)}`;

const BROWSERS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0',
];

function ordersLine(rng: Rng, t: number): Pending {
  const host = rng.pick(['app-01', 'app-02']);
  const req = { id: rng.uuid(), user: customer(rng), ip: rng.pick(CUSTOMER_IPS) };
  const kind = rng.weighted([
    ['ORDER_CREATED', 40],
    ['PAYMENT_OK', 35],
    ['PAYMENT_DECLINED', 6],
    ['HTTP_5XX', 2],
    ['DB_SLOW', 3],
    ['JOB_DONE', 14],
  ] as const);
  const order = String(rng.int(50000, 99999));
  const amount = (rng.int(500, 50000) / 100).toFixed(2);
  let severity: 'info' | 'warning' | 'err' = 'info';
  let app = 'orders-api';
  let msg: string;
  let sd: Record<string, Record<string, string>> = { [`req@${PEN}`]: req };
  switch (kind) {
    case 'ORDER_CREATED':
      msg = `order ${order} created total=${amount} GBP items=${rng.int(1, 6)}`;
      break;
    case 'PAYMENT_OK':
      msg = `payment captured for order ${order} amount=${amount} GBP`;
      break;
    case 'PAYMENT_DECLINED':
      severity = 'warning';
      msg = `payment declined for order ${order}: ${rng.pick(['insufficient_funds', 'card_expired', 'do_not_honor'])}`;
      break;
    case 'HTTP_5XX':
      severity = 'err';
      msg = `POST /api/v2/orders failed with 502 upstream "payments" timeout after 10000ms`;
      break;
    case 'DB_SLOW':
      severity = 'warning';
      sd = {
        ...sd,
        [`perf@${PEN}`]: {
          ms: String(rng.int(800, 4000)),
          query: 'SELECT * FROM orders WHERE "customer_id" = $1',
        },
      };
      msg = 'slow query';
      break;
    case 'JOB_DONE':
      app = 'billing-worker';
      sd = {
        [`job@${PEN}`]: { name: rng.pick(['invoice-batch', 'dunning', 'ledger-sync']), run: rng.uuid() },
      };
      msg = `job finished in ${rng.int(2, 90)}s processed=${rng.int(1, 400)}`;
      break;
  }
  const raw = rfc5424(pri('local0', severity), t, host, app, String(rng.int(1000, 40000)), kind, sd, msg);
  return ready({ format: 'syslog', source: 'app-syslog', raw, time: t });
}

function portalLine(rng: Rng, t: number): Pending[] {
  const base = {
    '@timestamp': isoMillis(t),
    service: 'customer-portal',
    host: rng.pick(['web-01', 'web-02']),
    request_id: rng.uuid(),
    client_ip: rng.pick(CUSTOMER_IPS),
    user_agent: rng.pick(BROWSERS),
  };
  const user = customer(rng);
  const kind = rng.weighted([
    ['login_ok', 50],
    ['login_fail', 8],
    ['reset', 3],
    ['logout', 25],
    ['error', 2],
  ] as const);
  const body: Record<string, unknown> =
    kind === 'login_ok'
      ? {
          level: 'info',
          event: 'login',
          outcome: 'success',
          user,
          mfa: rng.chance(0.4),
          msg: 'customer login succeeded',
        }
      : kind === 'login_fail'
        ? {
            level: 'warn',
            event: 'login',
            outcome: 'failure',
            user,
            reason: 'bad_password',
            msg: 'customer login failed',
          }
        : kind === 'reset'
          ? {
              level: 'info',
              event: 'password_reset',
              outcome: 'success',
              user,
              msg: 'password reset link sent',
            }
          : kind === 'logout'
            ? { level: 'info', event: 'logout', outcome: 'success', user, msg: 'customer logged out' }
            : {
                level: 'error',
                event: 'http_error',
                status: 500,
                path: '/account/orders',
                msg: 'unhandled exception: ECONNRESET',
              };
  return [
    ready({ format: 'json', source: 'customer-portal', raw: JSON.stringify({ ...base, ...body }), time: t }),
  ];
}

export function appStreams(rng: Rng, window: DayWindow, scale: number): Iterable<Pending>[] {
  const orders = rng.fork('orders');
  const portal = rng.fork('portal');
  return [
    activityStream(
      arrivals(orders, window, 900 * scale, serverProfile),
      (t) => [ordersLine(orders, t)],
      window.end,
    ),
    activityStream(
      arrivals(portal, window, 500 * scale, officeProfile),
      (t) => portalLine(portal, t),
      window.end,
    ),
  ];
}
