/**
 * The API: one function per route group of `api/routes.ts` behind an HTTP API with Cognito's JWT
 * authorizer, CORS for the add-in and a throttled default stage; and the daily reminders job.
 * Each function is allowed exactly what its code does (infra/lib/grants.ts): its item actions on
 * the table, its files under its prefix. The groups that use the user directory (api/directory.ts:
 * users, plans) get the pool's id and exactly the Cognito actions their code calls, on that one pool.
 */
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Duration, Fn } from 'aws-cdk-lib/core';
import type { Construct } from 'constructs';
import { directoryActions } from '../../api/directory';
import { ROUTES, type RouteGroup, routeGroups } from '../../api/routes';
import { checkGrants, FILES_USE, type FunctionName, TABLE_USE } from './grants';
import { pascal, StackPart } from './part';
import { ShishiFunction } from './shishi-function';
import type { SignIn } from './sign-in';

export interface ApiProps {
  /** The table the functions use. */
  readonly table: ITableV2;
  /** The files bucket: summaries and plans (年终考核) each reach their own prefix. */
  readonly filesBucket: IBucket;
  /** The user pool and the add-in's client whose id tokens the API takes. */
  readonly signIn: SignIn;
  /** The only origin CORS allows. */
  readonly addinOrigin: string;
  /** The default stage's throttle (requests per second, burst); 50 and 100 by default. */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
}

const handlerEntry = (name: string) => `functions/handlers/${name}.ts`;

export class Api extends StackPart {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly functions: ReadonlyMap<RouteGroup, ShishiFunction>;
  /** The reminders job (functions/handlers/reminders.ts), daily after the due dates. */
  readonly reminders: ShishiFunction;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    checkGrants();
    const { table, filesBucket, signIn } = props;
    const environment = {
      SHISHI_JWT_ISSUER: signIn.issuer,
      SHISHI_JWT_AUDIENCE: signIn.client.userPoolClientId,
      SHISHI_JWKS_URL: Fn.join('', [signIn.issuer, '/.well-known/jwks.json']),
    };
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
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle ?? { rateLimit: 50, burstLimit: 100 },
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
    for (const route of ROUTES) {
      this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: integrations.get(route.group)!,
        authorizer: route.auth === 'public' ? new HttpNoneAuthorizer() : authorizer,
      });
    }
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
