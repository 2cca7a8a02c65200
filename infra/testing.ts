/** The stack's template for the infra tests (bundling skipped: see bundle.test.ts), and reading its policies. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { App } from 'aws-cdk-lib/core';
import { SAMPLE_UNITS } from '../domain/sample/plan2006';
import { ShishiStack, type ShishiStackProps } from './lib/shishi-stack';

export const ORIGIN = 'https://addin.example.test';
/** `-c unitGroups=…` with the 2006 sample's units. */
export const SAMPLE_UNIT_GROUPS = { unitGroups: SAMPLE_UNITS.map((u) => u.id).join(',') };

export function templateOf(
  props: ShishiStackProps = {},
  context: Record<string, unknown> = SAMPLE_UNIT_GROUPS,
): Template {
  // An empty `bundling-stacks` list: the template without running esbuild.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const stack = new ShishiStack(app, 'Test', {
    env: { account: '123456789012', region: 'us-east-1' },
    ...props,
  });
  return Template.fromStack(stack);
}

export type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

export const policies = (t: Template) =>
  Object.entries(t.findResources('AWS::IAM::Policy')).map(([id, p]) => ({
    id,
    statements: p.Properties.PolicyDocument.Statement as Statement[],
    roles: JSON.stringify(p.Properties.Roles),
  }));

export const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
export const resources = (s: Statement) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);

/** The policies of a function's role: `plans` → `PlansFunctionServiceRole…`. */
export const policyOf = (t: Template, fn: string) => {
  const name = fn[0]!.toUpperCase() + fn.slice(1);
  return policies(t).filter((p) => p.roles.includes(`"${name}FunctionServiceRole`));
};

/** The actions a function's role allows. */
export const allowedOf = (t: Template, fn: string) =>
  policyOf(t, fn).flatMap((p) => p.statements.filter((s) => s.Effect === 'Allow').flatMap(actions));

/** The API's functions (one per route group). */
export const apiFunctions = (t: Template) =>
  Object.values(
    t.findResources('AWS::Lambda::Function', {
      Properties: { Description: Match.stringLikeRegexp('^Shishi API: ') },
    }),
  );

const made: string[] = [];
/** A folder with a built add-in's page; removed by `removeFakeAddins`. */
export function fakeAddinDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'shishi-addin-'));
  writeFileSync(join(dir, 'taskpane.html'), '<!doctype html><title>Shishi</title>');
  made.push(dir);
  return dir;
}
export function removeFakeAddins(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}
