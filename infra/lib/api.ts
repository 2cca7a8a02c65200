/**
 * The API: one function per route group of `api/routes.ts` behind an HTTP API with Cognito's JWT
 * authorizer and CORS for the add-in; and the daily reminders job.
 *
 * - Each function is allowed exactly what its code does (infra/lib/grants.ts): its item actions
 *   on the table, its files under its prefix; the groups that use the user directory
 *   (api/directory.ts: users, plans) the pool's id and exactly the Cognito actions their code calls.
 * - Each route has its own throttle (`routeThrottle`): writes tighter than reads, and tighter still
 *   where a workbook is read or made; the writers' functions have reserved concurrency
 *   (`WRITER_CONCURRENCY`), which caps them as much as it keeps them room.
 * - The stage's access log goes to a log group of its own, in a format (`ACCESS_LOG_FORMAT`) that
 *   names the request, never its headers or token.
 */

import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Duration, Fn, RemovalPolicy } from 'aws-cdk-lib/core';
import type { Construct } from 'constructs';
import { directoryActions } from '../../api/directory';
import { ROUTES, type RouteDef, type RouteGroup, routeGroups, routeKey } from '../../api/routes';
import { checkGrants, FILES_USE, type FunctionName, TABLE_USE } from './grants';
import { pascal, StackPart } from './part';
import { ShishiFunction } from './shishi-function';
import type { SignIn } from './sign-in';

/** Requests per second, and the burst above it, that API Gateway lets through before a 429. */
export interface Throttle {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/** The kinds of route, by what a request costs and who may send it. */
export type ThrottleClass = 'public' | 'read' | 'write' | 'heavyWrite';

/**
 * The routes' throttles. The pane sends 429s again by itself (addin/taskpane/errors.ts), so a
 * tight limit slows a burst down rather than losing it.
 */
export const THROTTLES: Readonly<Record<ThrottleClass, Throttle>> = {
  /** GET /v1/health: anyone may call it, so little of it. */
  public: { rateLimit: 5, burstLimit: 10 },
  read: { rateLimit: 50, burstLimit: 100 },
  write: { rateLimit: 10, burstLimit: 20 },
  /** A write that reads an uploaded workbook or makes one (1.5 GB functions, seconds each). */
  heavyWrite: { rateLimit: 2, burstLimit: 5 },
};

/** The writes that read or make a workbook: the uploads, a summary, the year's close. */
const HEAVY_WRITES: ReadonlySet<string> = new Set([
  'POST /v1/summaries/{year}',
  'POST /v1/plans/{year}/close',
]);

/** A route's throttle class. */
export function routeThrottle(route: RouteDef): ThrottleClass {
  if (route.auth === 'public') return 'public';
  if (route.access === 'read') return 'read';
  return route.body === 'binary' || HEAVY_WRITES.has(routeKey(route)) ? 'heavyWrite' : 'write';
}

/**
 * Reserved concurrency of the functions that write: at most this many at once (a burst of
 * writes queues at the throttle instead of at the table), and always this many free for them.
 * The account must keep 100 unreserved besides (a new account's quota may be too low: pass
 * `reservedConcurrency: false`).
 */
export const WRITER_CONCURRENCY: Readonly<Partial<Record<FunctionName, number>>> = {
  submissions: 10,
  workbooks: 5,
  plans: 5,
  summaries: 2,
  users: 2,
  // One run at a time.
  reminders: 1,
};

/**
 * The access log's fields: the request, the route, the answer and how long it took, who sent it
 * (the source IP) and why an integration failed. No header, no query string, no token or claim.
 */
export const ACCESS_LOG_FIELDS: Readonly<Record<string, string>> = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  integrationStatus: '$context.integration.status',
  integrationError: '$context.integrationErrorMessage',
  error: '$context.error.message',
  ip: '$context.identity.sourceIp',
  protocol: '$context.protocol',
};

export const ACCESS_LOG_FORMAT = JSON.stringify(ACCESS_LOG_FIELDS);

export interface ApiProps {
  /** The table the functions use. */
  readonly table: ITableV2;
  /** The files bucket: summaries and plans (年终考核) each reach their own prefix. */
  readonly filesBucket: IBucket;
  /** The user pool and the add-in's client whose id tokens the API takes. */
  readonly signIn: SignIn;
  /** The only origin CORS allows. */
  readonly addinOrigin: string;
  /** Other throttles than `THROTTLES`, by class. */
  readonly throttles?: Partial<Record<ThrottleClass, Throttle>>;
  /** Other reserved concurrency than `WRITER_CONCURRENCY`, or `false` for none. */
  readonly reservedConcurrency?: Partial<Record<FunctionName, number>> | false;
}

const handlerEntry = (name: string) => `functions/handlers/${name}.ts`;

export class Api extends StackPart {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly functions: ReadonlyMap<RouteGroup, ShishiFunction>;
  /** The reminders job (functions/handlers/reminders.ts), daily after the due dates. */
  readonly reminders: ShishiFunction;
  /** The stage's access log. */
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    checkGrants();
    const { table, filesBucket, signIn } = props;
    const environment = {
      SHISHI_JWT_ISSUER: signIn.issuer,
      SHISHI_JWT_AUDIENCE: signIn.client.userPoolClientId,
      SHISHI_JWKS_URL: Fn.join('', [signIn.issuer, '/.well-known/jwks.json']),
    };
    const concurrency =
      props.reservedConcurrency === false ? {} : { ...WRITER_CONCURRENCY, ...props.reservedConcurrency };
    const reserved = (name: FunctionName) =>
      concurrency[name] !== undefined ? { reservedConcurrentExecutions: concurrency[name] } : {};
    // Only those who keep files are told the bucket.
    const files = (name: FunctionName): Record<string, string> =>
      FILES_USE[name] ? { SHISHI_FILES_BUCKET: filesBucket.bucketName } : {};

    const functions = new Map<RouteGroup, ShishiFunction>();
    for (const group of routeGroups()) {
      // A group with an upload reads workbooks (the progress worksheets, the city's plan workbook).
      const uploads = ROUTES.some((r) => r.group === group && 'body' in r && r.body === 'binary');
      const heavy = uploads || group === 'summaries';
      // The user directory's actions the group's code calls (api/directory.ts): users, plans.
      const cognito = directoryActions(group);
      const fn = new ShishiFunction(this, `${pascal(group)}Function`, {
        entry: handlerEntry(group),
        description: `Shishi API: ${group}`,
        table,
        // Exactly the item actions the group's code takes (infra/lib/grants.ts).
        tableUse: TABLE_USE[group],
        environment: {
          ...environment,
          ...files(group),
          ...(cognito.length > 0 ? { SHISHI_USER_POOL_ID: signIn.pool.userPoolId } : {}),
        },
        ...(heavy ? { memorySize: 1536 } : {}),
        ...reserved(group),
        // The workbook reader runs in a worker thread that loads `worker.js` next to the bundle
        // (functions/workbook/import/read.ts).
        ...(uploads ? { workerScript: 'functions/workbook/import/worker.ts' } : {}),
      });
      // Exactly those actions, on the one user pool.
      if (cognito.length > 0) signIn.pool.grant(fn, ...cognito);
      functions.set(group, fn);
    }
    this.functions = functions;

    this.reminders = new ShishiFunction(this, 'RemindersFunction', {
      entry: handlerEntry('reminders'),
      description: 'Shishi job: reminders',
      table,
      tableUse: TABLE_USE.reminders,
      environment: { ...environment, ...files('reminders') },
      timeout: Duration.minutes(5),
      ...reserved('reminders'),
    });
    new Rule(this, 'RemindersSchedule', {
      description: 'Shishi: record late and missing reports (09:00 Asia/Shanghai)',
      schedule: Schedule.cron({ minute: '0', hour: '1' }),
      targets: [new LambdaFunction(this.reminders, { retryAttempts: 2 })],
    });
    for (const [group, fn] of functions) grantFiles(fn, filesBucket, group);
    grantFiles(this.reminders, filesBucket, 'reminders');

    this.api = new HttpApi(this, 'Api', {
      description: 'Shishi API (api/routes.ts)',
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [props.addinOrigin],
        // Every method of the route table (a new one cannot be forgotten here), and the preflight's.
        allowMethods: [...new Set(ROUTES.map((r) => CorsHttpMethod[r.method])), CorsHttpMethod.OPTIONS],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'if-match', 'accept'],
        exposeHeaders: ['content-disposition', 'etag', 'location', 'retry-after'],
        maxAge: Duration.hours(1),
      },
    });
    const throttles = { ...THROTTLES, ...props.throttles };
    this.accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: RetentionDays.SIX_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      // For a route without its own (there is none): the readers'.
      throttle: throttles.read,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(ACCESS_LOG_FORMAT),
      },
    });
    const authorizer = new HttpUserPoolAuthorizer('Cognito', signIn.pool, {
      userPoolClients: [signIn.client],
    });
    const integrations = new Map(
      [...functions].map(([group, fn]) => [
        group,
        new HttpLambdaIntegration(`${pascal(group)}Integration`, fn),
      ]),
    );
    const cfnStage = this.stage.node.defaultChild as CfnStage;
    // `RouteSettings` is a plain JSON map in CloudFormation's schema: CDK passes its keys as they are.
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const route of ROUTES) {
      const [added] = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: integrations.get(route.group)!,
        authorizer: route.auth === 'public' ? new HttpNoneAuthorizer() : authorizer,
      });
      const t = throttles[routeThrottle(route)];
      routeSettings[routeKey(route)] = {
        ThrottlingRateLimit: t.rateLimit,
        ThrottlingBurstLimit: t.burstLimit,
      };
      // A stage's route settings name routes that must exist before it is updated.
      cfnStage.node.addDependency(added!);
    }
    cfnStage.routeSettings = routeSettings;
  }
}

/** The function's files under its prefix (infra/lib/grants.ts `FILES_USE`), and nothing else of the bucket. */
function grantFiles(fn: ShishiFunction, bucket: IBucket, name: FunctionName): void {
  const use = FILES_USE[name];
  if (!use) return;
  fn.addToRolePolicy(
    new PolicyStatement({ actions: [...use.objects], resources: [bucket.arnForObjects(`${use.prefix}*`)] }),
  );
  if (use.list === 'prefix') {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${use.prefix}*`] } },
      }),
    );
  } else if (use.list === 'bucket') {
    fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
  }
}
