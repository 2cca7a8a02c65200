/**
 * Shishi on AWS: the single table, one Lambda per route group behind an HTTP API with a Cognito
 * JWT authorizer, the files bucket, the add-in's hosting (private S3 + CloudFront), and alarms.
 *
 * Synthesizes offline: no lookups, no Docker (the Lambdas bundle with the local esbuild).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Distribution, HttpVersion, ViewerProtocolPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import {
  AccountRecovery,
  ClientAttributes,
  Mfa,
  OAuthScope,
  StringAttribute,
  UserPool,
  UserPoolClientIdentityProvider,
} from 'aws-cdk-lib/aws-cognito';
import { AttributeType, Billing, type ITableV2, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type IBucket,
  ObjectOwnership,
  StorageClass,
} from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { CfnOutput, Duration, Fn, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib/core';
import type { Construct } from 'constructs';
import { groupAccess, ROUTES, type RouteGroup, routeGroups } from '../../api/routes';
import { SAMPLE_UNITS } from '../../domain/sample/plan2006';
import { TABLE_INDEX_BY_YEAR } from '../../functions/store/keys';

/** The repository's root: entries, the lock file and `dist/addin` are found from here. */
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

export interface ShishiStackProps extends StackProps {
  /**
   * The add-in's origin (`https://addin.example.gov.cn`): CORS, the sign-in callback. By default
   * the CloudFront distribution's own `https://<id>.cloudfront.net`.
   */
  readonly addinOrigin?: string;
  /** A built add-in (`dist/addin`) to upload to the hosting bucket; nothing is uploaded without it. */
  readonly addinAssetDir?: string;
  /** The Cognito hosted UI's domain prefix (unique in the region); by default `shishi-<account>`. */
  readonly cognitoDomainPrefix?: string;
  /** The HTTP API's default stage throttle (requests per second, burst). */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
  /**
   * Serve another existing table instead of the stack's own — a table restored from a backup or
   * to a point in time (`-c servedTable=<name>`). The stack's own table stays (it is retained);
   * the functions' `SHISHI_TABLE` and every grant and deny follow the served one.
   */
  readonly servedTable?: string;
}

const pascal = (s: string) => s.replace(/(^|[-_:])(\w)/g, (_m, _sep, c: string) => c.toUpperCase());

/** The ESM bundle needs `require` for the CommonJS packages it contains (exceljs and its deps). */
const ESM_REQUIRE_BANNER =
  "import { createRequire as __shishiCreateRequire } from 'node:module'; const require = __shishiCreateRequire(import.meta.url);";

export class ShishiStack extends Stack {
  /** The stack's own table (point-in-time recovery, deletion protection, retained). */
  readonly ownTable: TableV2;
  /** The table the functions use: the stack's own, or `servedTable`. */
  readonly table: ITableV2;
  readonly filesBucket: Bucket;
  readonly functions: ReadonlyMap<RouteGroup, NodejsFunction>;
  readonly reminders: NodejsFunction;
  readonly api: HttpApi;
  readonly addinOrigin: string;

  constructor(scope: Construct, id: string, props: ShishiStackProps = {}) {
    super(scope, id, props);

    // ── Data ────────────────────────────────────────────────────────────────────────────────
    // The same keys as functions/store/table.ts `tableDefinition` (what DynamoDB Local gets).
    this.ownTable = new TableV2(this, 'Table', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      globalSecondaryIndexes: [
        {
          indexName: TABLE_INDEX_BY_YEAR,
          partitionKey: { name: 'gsi1pk', type: AttributeType.STRING },
          sortKey: { name: 'gsi1sk', type: AttributeType.STRING },
        },
      ],
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryptionV2.awsManagedKey(),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table = props.servedTable
      ? TableV2.fromTableAttributes(this, 'ServedTable', {
          tableName: props.servedTable,
          globalIndexes: [TABLE_INDEX_BY_YEAR],
        })
      : this.ownTable;

    this.filesBucket = new Bucket(this, 'Files', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        {
          id: 'summaries-to-infrequent-access',
          prefix: 'summaries/',
          transitions: [{ storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) }],
        },
        // Files are written once and never overwritten; old versions only appear by mistake.
        { id: 'expire-noncurrent-versions', noncurrentVersionExpiration: Duration.days(365) },
      ],
    });

    // ── The add-in's hosting ────────────────────────────────────────────────────────────────
    const siteBucket = new Bucket(this, 'AddinSite', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const distribution = new Distribution(this, 'AddinCdn', {
      comment: 'Shishi Excel add-in',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(siteBucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      },
      defaultRootObject: 'taskpane.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
    });
    this.addinOrigin = props.addinOrigin ?? `https://${distribution.distributionDomainName}`;
    if (props.addinAssetDir && existsSync(props.addinAssetDir)) {
      // No CloudFront invalidation (its IAM action would need resource `*`): a short max-age
      // lets a new deployment show within minutes instead.
      new BucketDeployment(this, 'AddinFiles', {
        sources: [Source.asset(props.addinAssetDir)],
        destinationBucket: siteBucket,
        cacheControl: [CacheControl.setPublic(), CacheControl.maxAge(Duration.minutes(5))],
        memoryLimit: 512,
      });
    }

    // ── Sign-in ─────────────────────────────────────────────────────────────────────────────
    const pool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      customAttributes: { district: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }) },
      passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const client = pool.addClient('AddinClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        // Authorization code; the add-in sends a PKCE challenge (a public client, no secret).
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${this.addinOrigin}/auth-callback.html`],
        logoutUrls: [`${this.addinOrigin}/taskpane.html`],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      // Users must not change their own district (custom:district decides what they see).
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true, fullname: true }),
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });
    const domain = pool.addDomain('HostedUi', {
      cognitoDomain: { domainPrefix: props.cognitoDomainPrefix ?? `shishi-${this.account}` },
    });
    // The backend reads the groups `office`, `leader` and `unit:<id>` (functions/auth/tokens.ts).
    const groups = ['office', 'leader', ...SAMPLE_UNITS.map((u) => `unit:${u.id}`)];
    for (const groupName of groups) {
      pool.addGroup(`Group${pascal(groupName)}`, { groupName });
    }
    const issuer = Fn.join('', ['https://', pool.userPoolProviderUrl]);

    // ── Functions ───────────────────────────────────────────────────────────────────────────
    const environment: Record<string, string> = {
      SHISHI_TABLE: this.table.tableName,
      SHISHI_JWT_ISSUER: issuer,
      SHISHI_JWT_AUDIENCE: client.userPoolClientId,
      SHISHI_JWKS_URL: Fn.join('', [issuer, '/.well-known/jwks.json']),
      SHISHI_FILES_BUCKET: this.filesBucket.bucketName,
      NODE_OPTIONS: '--enable-source-maps',
      AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1',
    };
    const functions = new Map<RouteGroup, NodejsFunction>();
    for (const group of routeGroups()) {
      const fn = this.bundledFunction(group, `Shishi API: ${group}`, environment);
      functions.set(group, fn);
      // What the group's routes declare (api/routes.ts `access`): none, read, or read and write.
      const access = groupAccess(group);
      if (access !== 'none') this.table.grantReadData(fn);
      if (access === 'write') {
        // Writes are Put and Update (in transactions); there is no delete in the code.
        this.table.grant(fn, 'dynamodb:PutItem', 'dynamodb:UpdateItem');
        this.protectAudit(fn);
      }
    }
    this.functions = functions;

    // ── The reminders job (functions/handlers/reminders.ts), daily after the due dates ───────
    this.reminders = this.bundledFunction('reminders', 'Shishi job: reminders', environment);
    this.table.grantReadData(this.reminders);
    // A reminder and its audit entry are only ever put (conditionally), never updated.
    this.table.grant(this.reminders, 'dynamodb:PutItem');
    this.protectAudit(this.reminders);
    new Rule(this, 'RemindersSchedule', {
      description: 'Shishi: record late and missing reports (09:00 Asia/Shanghai)',
      schedule: Schedule.cron({ minute: '0', hour: '1' }),
      targets: [new LambdaFunction(this.reminders, { retryAttempts: 2 })],
    });
    const fileGrants: Partial<Record<RouteGroup, (b: IBucket, fn: NodejsFunction) => void>> = {
      summaries: (b, fn) => {
        b.grantRead(fn, 'summaries/*');
        b.grantPut(fn, 'summaries/*');
      },
      workbooks: (b, fn) => {
        b.grantRead(fn, 'workbooks/*');
        b.grantPut(fn, 'workbooks/*');
      },
    };
    for (const [group, fn] of functions) fileGrants[group]?.(this.filesBucket, fn);

    // ── The HTTP API ────────────────────────────────────────────────────────────────────────
    this.api = new HttpApi(this, 'Api', {
      description: 'Shishi API (api/routes.ts)',
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [this.addinOrigin],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.OPTIONS],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'if-match', 'accept'],
        exposeHeaders: ['content-disposition', 'etag', 'location', 'retry-after'],
        maxAge: Duration.hours(1),
      },
    });
    const throttle = props.throttle ?? { rateLimit: 50, burstLimit: 100 };
    const stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle,
    });
    const authorizer = new HttpUserPoolAuthorizer('Cognito', pool, { userPoolClients: [client] });
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

    // ── Alarms ──────────────────────────────────────────────────────────────────────────────
    for (const [group, fn] of [...functions, ['reminders', this.reminders] as const]) {
      for (const [kind, metric] of [
        ['Errors', fn.metricErrors({ period: Duration.minutes(5) })],
        ['Throttles', fn.metricThrottles({ period: Duration.minutes(5) })],
      ] as const) {
        new Alarm(this, `${pascal(group)}${kind}Alarm`, {
          alarmDescription: `Shishi ${group}: Lambda ${kind.toLowerCase()}`,
          metric,
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        });
      }
    }

    // ── Outputs ─────────────────────────────────────────────────────────────────────────────
    new CfnOutput(this, 'ApiUrl', { value: stage.url });
    new CfnOutput(this, 'AddinUrl', { value: `https://${distribution.distributionDomainName}` });
    new CfnOutput(this, 'AddinOrigin', { value: this.addinOrigin });
    new CfnOutput(this, 'AddinBucketName', { value: siteBucket.bucketName });
    new CfnOutput(this, 'UserPoolId', { value: pool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: client.userPoolClientId });
    new CfnOutput(this, 'CognitoDomain', { value: domain.baseUrl() });
    new CfnOutput(this, 'FilesBucketName', { value: this.filesBucket.bucketName });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    if (props.servedTable) new CfnOutput(this, 'OwnTableName', { value: this.ownTable.tableName });
  }

  /**
   * Audit entries are immutable: no update or delete of an `AUDIT#<year>` item, and no delete
   * of anything. IAM sees only the partition key (`dynamodb:LeadingKeys`), not the item's type,
   * and a Put cannot be told from a create: that audit entries are never overwritten rests on
   * the code's `attribute_not_exists` conditions.
   */
  private protectAudit(fn: NodejsFunction): void {
    fn.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        actions: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        resources: [this.table.tableArn],
        conditions: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*'] } },
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        actions: ['dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
        resources: [this.table.tableArn],
      }),
    );
  }

  /** A bundled function: `functions/handlers/<name>.ts`, export `handler`. */
  private bundledFunction(
    group: RouteGroup | 'reminders',
    description: string,
    environment: Record<string, string>,
  ): NodejsFunction {
    const name = pascal(group);
    const logGroup = new LogGroup(this, `${name}Logs`, {
      retention: RetentionDays.SIX_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The workbook reader runs in a worker thread that loads `worker.js` next to the bundle
    // (functions/workbook/import/read.ts): bundle it too, as CommonJS (`.js` in /var/task).
    const worker = join(REPO_ROOT, 'functions', 'workbook', 'import', 'worker.ts');
    const esbuild = join(REPO_ROOT, 'node_modules', '.bin', 'esbuild');
    return new NodejsFunction(this, `${name}Function`, {
      description,
      entry: join(REPO_ROOT, 'functions', 'handlers', `${group}.ts`),
      handler: 'handler',
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: group === 'workbooks' || group === 'summaries' ? 1536 : 512,
      timeout: group === 'reminders' ? Duration.minutes(5) : Duration.seconds(29),
      environment,
      logGroup,
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node22',
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.EXTERNAL,
        sourcesContent: false,
        mainFields: ['module', 'main'],
        // Everything is bundled, the AWS SDK included: the versions tested here are the ones deployed.
        externalModules: [],
        banner: ESM_REQUIRE_BANNER,
        ...(group === 'workbooks'
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (_inputDir: string, outputDir: string) => [
                  `"${esbuild}" "${worker}" --bundle --platform=node --target=node22 --format=cjs --minify --log-level=error --outfile="${outputDir}/worker.js"`,
                ],
              },
            }
          : {}),
      },
    });
  }
}
