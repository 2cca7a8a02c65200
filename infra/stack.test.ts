/** The CDK stack's template, checked resource by resource (bundling skipped: see bundle.test.ts). */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { DIRECTORY_ACTIONS, directoryActions } from '../api/directory';
import { ROUTES, routeGroups, routeKey } from '../api/routes';
import { SAMPLE_UNITS } from '../domain/sample/plan2006';
import {
  auditPk,
  idempotencyPk,
  planPk,
  reminderPk,
  submissionId,
  submissionPk,
} from '../functions/store/keys';
import { tableDefinition } from '../functions/store/table';
import {
  actions,
  allowedOf,
  apiFunctions,
  fakeAddinDir,
  ORIGIN,
  policies,
  policyOf as policyIn,
  removeFakeAddins,
  type Statement,
  templateOf,
} from './testing';

const template = templateOf({ addinOrigin: ORIGIN });
const groupNames = (t: Template) =>
  Object.values(t.findResources('AWS::Cognito::UserPoolGroup')).map((g) => g.Properties.GroupName as string);
const ourFunctions = () => apiFunctions(template);

describe('the table', () => {
  it('has the keys and the byYear index of functions/store/table.ts', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: [
        Match.objectLike({
          IndexName: 'byYear',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        }),
      ],
    });
  });

  it('has point-in-time recovery, AWS-managed encryption and is retained', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      Replicas: [
        Match.objectLike({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
        }),
      ],
    });
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    // AWS-managed key: no customer key of ours.
    template.resourceCountIs('AWS::KMS::Key', 0);
  });

  it('has exactly the keys, attributes and indexes of the store’s table definition', () => {
    // Prepare: what DynamoDB Local gets (functions/store/table.ts).
    const store = tableDefinition('any');
    const byName = (a: { AttributeName?: string }, b: { AttributeName?: string }) =>
      (a.AttributeName ?? '').localeCompare(b.AttributeName ?? '');

    // Act
    const [table] = Object.values(template.findResources('AWS::DynamoDB::GlobalTable'));

    // Assess
    const p = table!.Properties;
    expect(p.KeySchema).toEqual(store.KeySchema);
    expect([...p.AttributeDefinitions].sort(byName)).toEqual([...store.AttributeDefinitions!].sort(byName));
    expect(p.BillingMode).toBe(store.BillingMode);
    expect(
      (p.GlobalSecondaryIndexes as { IndexName: string; KeySchema: unknown; Projection: unknown }[]).map(
        ({ IndexName, KeySchema, Projection }) => ({ IndexName, KeySchema, Projection }),
      ),
    ).toEqual(store.GlobalSecondaryIndexes);
  });
});

describe('the logical ids', () => {
  it('of every retained resource are those of deployed stacks (a new one would orphan it)', () => {
    const retained = Object.entries(
      template.toJSON().Resources as Record<string, { DeletionPolicy?: string }>,
    )
      .filter(([, r]) => r.DeletionPolicy === 'Retain')
      .map(([id]) => id);
    expect(retained.sort()).toEqual(
      [
        'TableCD117FA1',
        'Files8E6940B8',
        'AddinSite2811C4DD',
        'Users0A0EEA89',
        'HealthLogs34B37038',
        'PlansLogs1BFD570D',
        'SubmissionsLogsC666F5F8',
        'StatusLogsB69CC51E',
        'AuditLogsB945E340',
        'TemplatesLogsF58581F4',
        'WorkbooksLogs1D931E68',
        'SummariesLogsAC59B522',
        'UsersLogsA4A288A4',
        'RemindersLogsFA975CE9',
        // New: the API's access log (kept like the functions' logs).
        'ApiAccessLogsE9DF007D',
      ].sort(),
    );
  });
});

describe('a restored table', () => {
  it('is served instead of the stack’s own with `servedTable`: environment, grants and denies follow it', () => {
    // Prepare
    const restored = 'shishi-restored-2026-11-28';

    // Act
    const t = templateOf({ addinOrigin: ORIGIN, servedTable: restored });
    const json = JSON.stringify(t.toJSON());
    const fns = Object.values(
      t.findResources('AWS::Lambda::Function', {
        Properties: { Description: Match.stringLikeRegexp('^Shishi API: ') },
      }),
    );

    // Assess: the stack's own table is still there (retained, with point-in-time recovery)…
    t.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    // …and every function that uses a table uses the restored one, by name and in its policies.
    const tables = new Set(fns.map((f) => f.Properties.Environment?.Variables?.SHISHI_TABLE).filter(Boolean));
    expect([...tables]).toEqual([restored]);
    expect(json).toContain(`:table/${restored}`);
    expect(json).toContain(`:table/${restored}/index/byYear`);
    const policies = JSON.stringify(t.findResources('AWS::IAM::Policy'));
    expect(policies).not.toMatch(/"Fn::GetAtt":\["Table[0-9A-F]+","Arn"\]/);
    t.hasOutput('OwnTableName', {});
  });
});

describe('the functions', () => {
  it('are one per route group, on nodejs22.x and arm64, with source maps', () => {
    const fns = ourFunctions();
    expect(fns).toHaveLength(routeGroups().length);
    expect(routeGroups()).toEqual([
      'health',
      'plans',
      'submissions',
      'status',
      'audit',
      'templates',
      'workbooks',
      'summaries',
      'users',
    ]);
    for (const fn of fns) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.Handler).toBe('index.handler');
      expect(fn.Properties.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
    }
    for (const group of routeGroups()) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Description: `Shishi API: ${group}`,
        Environment: {
          Variables: Match.objectLike({
            SHISHI_TABLE: Match.anyValue(),
            SHISHI_JWT_ISSUER: Match.anyValue(),
            SHISHI_JWT_AUDIENCE: Match.anyValue(),
            SHISHI_JWKS_URL: Match.anyValue(),
          }),
        },
      });
    }
  });

  it('tell only those who keep files (plans, summaries, uploads and their download) the files bucket', () => {
    for (const fn of ourFunctions()) {
      const group = (fn.Properties.Description as string).replace('Shishi API: ', '');
      const bucket = fn.Properties.Environment.Variables.SHISHI_FILES_BUCKET;
      if (['plans', 'summaries', 'workbooks', 'submissions'].includes(group))
        expect(bucket, group).toEqual({ Ref: expect.stringMatching(/^Files/) });
      else expect(bucket, group).toBeUndefined();
    }
  });

  it("point at Cognito's issuer and JWKS", () => {
    const vars = ourFunctions()[0]!.Properties.Environment.Variables;
    expect(JSON.stringify(vars.SHISHI_JWT_ISSUER)).toMatch(/https:\/\/.*ProviderURL/);
    expect(JSON.stringify(vars.SHISHI_JWKS_URL)).toMatch(/\.well-known\/jwks\.json/);
    expect(vars.SHISHI_JWT_AUDIENCE).toEqual({ Ref: expect.stringMatching(/^UsersAddinClient/) });
  });

  it('keep their logs (and the API its access log) for a set time', () => {
    const logs = Object.values(template.findResources('AWS::Logs::LogGroup'));
    expect(logs).toHaveLength(routeGroups().length + 1 + 1);
    for (const l of logs) expect(l.Properties.RetentionInDays).toBe(180);
  });
});

const policyOf = (group: string) => policyIn(template, group);
const allowed = (group: string) => allowedOf(template, group);

describe('least privilege', () => {
  it('has no statement with a wildcard action or resource `*`', () => {
    const built = templateOf({ addinOrigin: ORIGIN, addinAssetDir: fakeAddinDir() });
    for (const t of [template, built]) {
      const all = policies(t).flatMap((p) => p.statements.map((s) => ({ id: p.id, ...s })));
      expect(all.length).toBeGreaterThan(10);
      for (const s of all) {
        for (const a of actions(s)) expect(a, s.id).not.toMatch(/^[a-z0-9]+:\*$|^\*$/);
        const resources = Array.isArray(s.Resource) ? s.Resource : [s.Resource];
        expect(resources, s.id).not.toContain('*');
      }
    }
  });

  it('denies updating audit entries and deleting anything to every writer', () => {
    for (const g of ['plans', 'submissions', 'workbooks', 'summaries', 'users', 'reminders']) {
      const denies = policyOf(g).flatMap((p) => p.statements.filter((s) => s.Effect === 'Deny'));
      expect(denies, g).toContainEqual(
        expect.objectContaining({
          Action: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
          Condition: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['ORG#*#AUDIT#*', 'AUDIT#*'] } },
        }),
      );
      expect(denies.flatMap(actions), g).toEqual(
        expect.arrayContaining(['dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']),
      );
    }
  });

  it('denies updates in the store’s audit partitions and in no other', () => {
    // Prepare: the deny's `StringLike` patterns as regular expressions.
    const patterns = policyOf('plans')
      .flatMap((p) => p.statements)
      .map(
        (s) =>
          (s.Condition as { 'ForAnyValue:StringLike'?: { 'dynamodb:LeadingKeys': string[] } })?.[
            'ForAnyValue:StringLike'
          ],
      )
      .filter((c) => c !== undefined)
      .flatMap((c) => c['dynamodb:LeadingKeys'])
      .map((p) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`));
    const like = { test: (pk: string) => patterns.some((re) => re.test(pk)) };

    // Act, Assess: the store's keys (functions/store/keys.ts), of two organisations.
    expect(patterns.length).toBeGreaterThan(0);
    for (const org of ['district-a', 'city-b']) {
      expect(like.test(auditPk(org, 2006)), auditPk(org, 2006)).toBe(true);
      for (const pk of [
        planPk(org, 2006),
        submissionPk(org, submissionId(2006, 'labor', '2006-05')),
        idempotencyPk(org, 'labor', 'key-00000001'),
        reminderPk(org, 2006),
      ])
        expect(like.test(pk), pk).toBe(false);
    }
  });

  it('lets only plans (年终考核), summaries and the uploads touch the files bucket, under their prefixes', () => {
    for (const g of ['health', 'status', 'audit', 'templates', 'users', 'reminders'])
      expect(
        allowed(g).filter((a) => a.startsWith('s3:')),
        g,
      ).toEqual([]);
    for (const [g, prefix] of [
      ['plans', 'assessments'],
      ['summaries', 'summaries'],
    ] as const) {
      expect(allowed(g), g).toContain('s3:PutObject');
      expect(
        allowed(g).some((a) => a.startsWith('s3:DeleteObject')),
        g,
      ).toBe(false);
      expect(JSON.stringify(policyOf(g)), g).toContain(`/${prefix}/*`);
      expect(JSON.stringify(policyOf(g)), g).not.toContain(
        `/${g === 'plans' ? 'summaries' : 'assessments'}/*`,
      );
    }
    // An upload is put by the workbooks function and only read by the submissions function.
    expect(allowed('workbooks').filter((a) => a.startsWith('s3:'))).toEqual(['s3:PutObject']);
    expect(
      allowed('submissions')
        .filter((a) => a.startsWith('s3:'))
        .sort(),
    ).toEqual(['s3:GetObject', 's3:ListBucket']);
    for (const g of ['workbooks', 'submissions'])
      expect(JSON.stringify(policyOf(g)), g).toContain('/workbooks/*');
  });
});

describe('the user directory', () => {
  const poolId = () => {
    const ids = Object.keys(template.findResources('AWS::Cognito::UserPool'));
    expect(ids).toHaveLength(1);
    return ids[0]!;
  };
  const cognitoOf = (group: string) =>
    policyOf(group)
      .flatMap((p) => p.statements)
      .filter((s) => actions(s).some((a) => a.startsWith('cognito-idp:')));
  const resources = (s: Statement) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);

  it('lets the users function create, add to a group, disable and enable users: nothing else, on the one pool', () => {
    const statements = cognitoOf('users');
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.flatMap(actions).sort()).toEqual(
      [
        'cognito-idp:AdminAddUserToGroup',
        'cognito-idp:AdminCreateUser',
        'cognito-idp:AdminDisableUser',
        'cognito-idp:AdminEnableUser',
      ].sort(),
    );
    for (const s of statements) {
      expect(s.Effect).toBe('Allow');
      expect(s.Condition).toBeUndefined();
      expect(resources(s)).toEqual([{ 'Fn::GetAtt': [poolId(), 'Arn'] }]);
    }
  });

  it('lets the plans function look up and create groups only, on the one pool', () => {
    const statements = cognitoOf('plans');
    expect(statements.flatMap(actions).sort()).toEqual(['cognito-idp:CreateGroup', 'cognito-idp:GetGroup']);
    for (const s of statements) expect(resources(s)).toEqual([{ 'Fn::GetAtt': [poolId(), 'Arn'] }]);
  });

  it('allows exactly what api/directory.ts says the code calls (functions/directory/cognito.test.ts)', () => {
    for (const group of ['users', 'plans'] as const) {
      expect(cognitoOf(group).flatMap(actions).sort(), group).toEqual(directoryActions(group).sort());
    }
    const all = Object.values(DIRECTORY_ACTIONS).flatMap((a) => a.map((x) => `cognito-idp:${x}`));
    expect([...cognitoOf('users'), ...cognitoOf('plans')].flatMap(actions).sort()).toEqual(all.sort());
  });

  it('gives no other role any Cognito action', () => {
    const others = policies(template).filter(
      (p) => !p.roles.includes('UsersFunctionServiceRole') && !p.roles.includes('PlansFunctionServiceRole'),
    );
    expect(others.length).toBeGreaterThan(5);
    for (const p of others) {
      expect(
        p.statements.flatMap(actions).filter((a) => a.startsWith('cognito-idp:')),
        p.id,
      ).toEqual([]);
    }
    // Nor a role's inline policy.
    const roles = JSON.stringify(template.findResources('AWS::IAM::Role'));
    expect(roles).not.toContain('cognito-idp:');
  });

  it("tells the users and plans functions the pool's id, and no other", () => {
    for (const fn of ourFunctions()) {
      const group = (fn.Properties.Description as string).replace('Shishi API: ', '');
      const id = fn.Properties.Environment.Variables.SHISHI_USER_POOL_ID;
      if (group === 'users' || group === 'plans') expect(id, group).toEqual({ Ref: poolId() });
      else expect(id, group).toBeUndefined();
    }
  });
});

describe('the HTTP API', () => {
  it('has one route per ROUTES entry', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(ROUTES.map(routeKey).sort());
  });

  it('puts the JWT authorizer on every route but GET /v1/health', () => {
    for (const route of ROUTES) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: routeKey(route),
        AuthorizationType: route.auth === 'public' ? 'NONE' : 'JWT',
        ...(route.auth === 'public' ? {} : { AuthorizerId: Match.anyValue() }),
      });
    }
    expect(ROUTES.filter((r) => r.auth === 'public').map(routeKey)).toEqual(['GET /v1/health']);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [Match.anyValue()], Issuer: Match.anyValue() },
    });
  });

  it("allows CORS from exactly the add-in's origin", () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({
        AllowOrigins: [ORIGIN],
        AllowHeaders: Match.arrayWith(['authorization', 'content-type', 'idempotency-key', 'if-match']),
      }),
    });
  });

  it('allows every method of the route table in CORS (PATCH for the users routes)', () => {
    const api = Object.values(template.findResources('AWS::ApiGatewayV2::Api'))[0]!;
    expect([...api.Properties.CorsConfiguration.AllowMethods].sort()).toEqual(
      [...new Set([...ROUTES.map((r) => r.method), 'OPTIONS'])].sort(),
    );
  });

  it('allows CORS from the CloudFront domain when no origin is given', () => {
    const t = templateOf();
    const api = Object.values(t.findResources('AWS::ApiGatewayV2::Api'))[0]!;
    const origins = api.Properties.CorsConfiguration.AllowOrigins;
    expect(origins).toHaveLength(1);
    expect(JSON.stringify(origins[0])).toMatch(/https:\/\/.*AddinCdn.*DomainName/);
  });

  it("gives the stage the readers' throttle for a route without its own (there is none)", () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
  });
});

describe('sign-in', () => {
  it('has a public client with the authorization code flow back to the add-in', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      CallbackURLs: [`${ORIGIN}/auth-callback.html`],
      WriteAttributes: Match.not(Match.arrayWith(['custom:district'])),
    });
  });

  it('has the district attribute and the groups the backend reads', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'district', AttributeDataType: 'String', Mutable: true }),
      ]),
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
    // With `-c unitGroups=<the sample's unit ids>`.
    const names = groupNames(template);
    expect(names.sort()).toEqual(
      ['city', 'leader', 'office', ...SAMPLE_UNITS.map((u) => `unit:${u.id}`)].sort(),
    );
  });

  it('has only the office, leader and city groups without the context `unitGroups`', () => {
    const t = templateOf({ addinOrigin: ORIGIN }, {});
    expect(groupNames(t).sort()).toEqual(['city', 'leader', 'office']);
  });

  it('fails the synthesis on a unit id that is not one, naming it', () => {
    expect(() => templateOf({ addinOrigin: ORIGIN }, { unitGroups: 'labor,Finance' })).toThrow(
      /unitGroups: "Finance" is not a unit id/,
    );
  });
});

describe('the buckets', () => {
  it('block public access, encrypt, and refuse plain HTTP', () => {
    const buckets = template.findResources('AWS::S3::Bucket');
    expect(Object.keys(buckets)).toHaveLength(2);
    for (const b of Object.values(buckets)) {
      expect(b.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(b.Properties.BucketEncryption).toEqual({
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      });
      expect(b.DeletionPolicy).toBe('Retain');
    }
    const tlsOnly = Object.values(template.findResources('AWS::S3::BucketPolicy')).filter((p) =>
      (p.Properties.PolicyDocument.Statement as Statement[]).some(
        (s) =>
          s.Effect === 'Deny' &&
          actions(s).includes('s3:*') &&
          JSON.stringify(s.Condition) === JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }),
      ),
    );
    expect(tlsOnly).toHaveLength(2);
  });

  it('version the files and expire what is not needed', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
          Match.objectLike({
            Prefix: 'summaries/',
            Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 90 }],
          }),
        ]),
      },
    });
  });

  it('serves the add-in through CloudFront with origin access control', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'taskpane.html',
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
      }),
    });
  });

  it('uploads the built add-in only when there is one', () => {
    expect(Object.keys(template.findResources('Custom::CDKBucketDeployment'))).toHaveLength(0);
    const built = templateOf({ addinOrigin: ORIGIN, addinAssetDir: fakeAddinDir() });
    built.resourceCountIs('Custom::CDKBucketDeployment', 1);
    const missing = templateOf({
      addinOrigin: ORIGIN,
      addinAssetDir: join(tmpdir(), 'no-such-shishi-addin'),
    });
    missing.resourceCountIs('Custom::CDKBucketDeployment', 0);
  });
});

describe('the reminders job', () => {
  it('runs functions/handlers/reminders.ts daily at 01:00 UTC (09:00 in the district)', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Shishi job: reminders',
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(0 1 * * ? *)',
      State: 'ENABLED',
      Targets: [
        Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RemindersFunction'), 'Arn'] } }),
      ],
    });
  });

  it('may read the table, put items and move the audit chain head, never delete', () => {
    const dynamo = allowed('reminders').filter((a) => a.startsWith('dynamodb:'));
    expect(dynamo).toContain('dynamodb:PutItem');
    expect(dynamo).toContain('dynamodb:Query');
    // A reminder's audit entry moves its chain's head (infra/lib/grants.ts AUDIT_APPEND).
    expect(dynamo).toContain('dynamodb:UpdateItem');
    for (const w of ['DeleteItem', 'BatchWriteItem']) expect(dynamo).not.toContain(`dynamodb:${w}`);
    expect(allowed('reminders').filter((a) => a.startsWith('s3:'))).toEqual([]);
  });
});

describe('alarms', () => {
  it('watch every function for errors and throttles (infra/alarms.test.ts: the others)', () => {
    const fns = Object.values(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Description: Match.stringLikeRegexp('^Shishi ') },
      }),
    );
    expect(fns).toHaveLength(routeGroups().length + 1);
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).filter(
      (a) => a.Properties.Namespace === 'AWS/Lambda',
    );
    expect(alarms).toHaveLength(2 * fns.length);
    expect(alarms.filter((a) => a.Properties.MetricName === 'Errors')).toHaveLength(fns.length);
    expect(alarms.filter((a) => a.Properties.MetricName === 'Throttles')).toHaveLength(fns.length);
    for (const a of alarms) expect(a.Properties.Threshold).toBe(1);
  });
});

afterAll(removeFakeAddins);
