/** One function: the defaults, and the table bound with the access it is given. */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { App, Stack } from 'aws-cdk-lib/core';
import { describe, expect, it } from 'vitest';
import type { TableUse } from './grants';
import { ShishiFunction } from './shishi-function';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

function functionWith(tableUse: TableUse) {
  // An empty `bundling-stacks` list: no esbuild run.
  const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Fn');
  const table = new TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
  new ShishiFunction(stack, 'HealthFunction', {
    entry: 'functions/handlers/health.ts',
    description: 'Shishi test',
    table,
    tableUse,
    environment: { EXTRA: 'x' },
  });
  const template = Template.fromStack(stack);
  const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (p) => p.Properties.PolicyDocument.Statement as Statement[],
  );
  const resourcesOf = (action: string) =>
    statements
      .filter((s) => s.Effect === 'Allow' && [s.Action].flat().includes(action))
      .flatMap((s) => [s.Resource].flat());
  const actions = (effect: string) =>
    statements
      .filter((s) => s.Effect === effect)
      .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
  return { template, allowed: actions('Allow'), denied: actions('Deny'), resourcesOf };
}

// The first synthesis loads much of aws-cdk-lib: seconds on a busy machine.
describe('a Shishi function', { timeout: 30_000 }, () => {
  it('runs Node.js 22 on arm64 with source maps, its table in SHISHI_TABLE and its logs kept', () => {
    // Act
    const { template } = functionWith({ table: [], queriesIndex: false });

    // Assess
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 512,
      Timeout: 29,
      Environment: {
        Variables: {
          SHISHI_TABLE: { Ref: Match.stringLikeRegexp('^Table') },
          EXTRA: 'x',
          NODE_OPTIONS: '--enable-source-maps',
          AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1',
        },
      },
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^HealthLogs') } },
    });
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 180 },
      DeletionPolicy: 'Retain',
    });
  });

  it('may do nothing to the table when its code does nothing to it', () => {
    const { allowed, denied } = functionWith({ table: [], queriesIndex: false });
    expect(allowed.filter((a) => a.startsWith('dynamodb:'))).toEqual([]);
    expect(denied).toEqual([]);
  });

  it('may take exactly the item actions it is given, and no deny when it only reads', () => {
    const { allowed, denied, resourcesOf } = functionWith({
      table: ['GetItem', 'Query'],
      queriesIndex: false,
    });
    expect(allowed.sort()).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
    expect(JSON.stringify(resourcesOf('dynamodb:Query'))).not.toContain('/index/');
    expect(denied).toEqual([]);
  });

  it('queries the byYear index, and no other, when it is told so', () => {
    const { allowed, resourcesOf } = functionWith({ table: ['GetItem'], queriesIndex: true });
    expect(allowed.sort()).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
    const resources = JSON.stringify(resourcesOf('dynamodb:Query'));
    expect(resources).toContain('/index/byYear');
    expect(resources).not.toContain('/index/*');
  });

  it.each([
    [['PutItem'], ['dynamodb:UpdateItem']],
    [['PutItem', 'UpdateItem', 'ConditionCheckItem'], []],
  ] as const)('writing %j, never deletes nor changes an audit entry', (writes, mayNot) => {
    // Act
    const { allowed, denied } = functionWith({ table: ['GetItem', ...writes], queriesIndex: true });

    // Assess
    expect(allowed.sort()).toEqual(
      ['dynamodb:GetItem', 'dynamodb:Query', ...writes.map((w) => `dynamodb:${w}`)].sort(),
    );
    for (const a of [...mayNot, 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'])
      expect(allowed).not.toContain(a);
    expect(denied).toEqual(
      expect.arrayContaining(['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']),
    );
  });

  it('reserves concurrency only when asked', () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Fn');
    const table = new TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
    new ShishiFunction(stack, 'HealthFunction', {
      entry: 'functions/handlers/health.ts',
      description: 'Shishi test',
      table,
      tableUse: { table: [], queriesIndex: false },
      reservedConcurrentExecutions: 3,
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: 3,
    });
    functionWith({ table: [], queriesIndex: false }).template.hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: Match.absent(),
    });
  });
});
