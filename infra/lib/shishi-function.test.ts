/** One function: the defaults, and the table bound with the access it is given. */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { App, Stack } from 'aws-cdk-lib/core';
import { describe, expect, it } from 'vitest';
import { ShishiFunction, type TableAccess } from './shishi-function';

type Statement = { Effect: string; Action: string | string[]; Condition?: unknown };

function functionWith(tableAccess: TableAccess) {
  // An empty `bundling-stacks` list: no esbuild run.
  const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Fn');
  const table = new TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
  new ShishiFunction(stack, 'HealthFunction', {
    entry: 'functions/handlers/health.ts',
    description: 'Shishi test',
    table,
    tableAccess,
    environment: { EXTRA: 'x' },
  });
  const template = Template.fromStack(stack);
  const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (p) => p.Properties.PolicyDocument.Statement as Statement[],
  );
  const actions = (effect: string) =>
    statements
      .filter((s) => s.Effect === effect)
      .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
  return { template, allowed: actions('Allow'), denied: actions('Deny') };
}

describe('a Shishi function', () => {
  it('runs Node.js 22 on arm64 with source maps, its table in SHISHI_TABLE and its logs kept', () => {
    // Act
    const { template } = functionWith('none');

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

  it('may do nothing to the table with `none`', () => {
    const { allowed, denied } = functionWith('none');
    expect(allowed.filter((a) => a.startsWith('dynamodb:'))).toEqual([]);
    expect(denied).toEqual([]);
  });

  it('may only read with `read`', () => {
    const { allowed, denied } = functionWith('read');
    expect(allowed).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
    for (const w of ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'])
      expect(allowed).not.toContain(`dynamodb:${w}`);
    expect(denied).toEqual([]);
  });

  it.each([
    ['append', ['dynamodb:PutItem'], ['dynamodb:UpdateItem']],
    ['write', ['dynamodb:PutItem', 'dynamodb:UpdateItem'], []],
  ] as const)('with `%s` may read and %j, never delete nor change an audit entry', (access, may, mayNot) => {
    // Act
    const { allowed, denied } = functionWith(access);

    // Assess
    expect(allowed).toEqual(expect.arrayContaining(['dynamodb:Query', ...may]));
    for (const a of [...mayNot, 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'])
      expect(allowed).not.toContain(a);
    expect(denied).toEqual(
      expect.arrayContaining(['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']),
    );
  });
});
