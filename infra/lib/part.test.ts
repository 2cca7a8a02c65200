/** Logical ids: ours are CDK's, with the stack's parts left out. */
import { App, type CfnElement, CfnResource, Stack } from 'aws-cdk-lib/core';
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { logicalIdOf, PartedStack, pascal, StackPart } from './part';

const LONG = 'X'.repeat(300);

describe('logicalIdOf', () => {
  it.each([
    [['Table']],
    [['Table', 'Resource']],
    [['Users', 'AddinClient', 'Resource']],
    [['Api', 'Api', 'Resource']],
    [['Pipeline', 'Pipeline']],
    [['Outer', 'Default', 'Inner']],
    [['Default', 'Thing']],
    [['a-b_c', 'd:e']],
    [[LONG]],
    [[LONG, 'Resource']],
  ])('gives %j the id CDK gives it', (path) => {
    // Prepare: the same path in a plain stack.
    const stack = new Stack(new App(), 'Plain');
    let scope: Construct = stack;
    for (const id of path.slice(0, -1)) scope = new Construct(scope, id);
    const element: CfnElement = new CfnResource(scope, path.at(-1)!, { type: 'Test::Thing' });

    // Act, Assess
    expect(logicalIdOf(path)).toBe(stack.resolve(element.logicalId));
  });

  it('refuses an empty path', () => {
    expect(() => logicalIdOf(['Default'])).toThrow(/at least one/);
  });
});

describe('a parted stack', () => {
  it('leaves its parts out of the logical ids, and nothing else', () => {
    // Prepare
    const stack = new PartedStack(new App(), 'Parted');
    const part = new StackPart(stack, 'Data');
    const group = new Construct(part, 'Group');

    // Act
    const inPart = new CfnResource(part, 'Table', { type: 'Test::Thing' });
    const inGroup = new CfnResource(group, 'Bucket', { type: 'Test::Thing' });

    // Assess
    expect(stack.resolve(inPart.logicalId)).toBe('Table');
    expect(stack.resolve(inGroup.logicalId)).toBe(logicalIdOf(['Group', 'Bucket']));
    expect(stack.resolve(inGroup.logicalId)).toMatch(/^GroupBucket[0-9A-F]{8}$/);
  });

  it('fails when two parts hold a resource of the same id', () => {
    const app = new App();
    const stack = new PartedStack(app, 'Parted');
    new CfnResource(new StackPart(stack, 'One'), 'Same', { type: 'Test::Thing' });
    new CfnResource(new StackPart(stack, 'Two'), 'Same', { type: 'Test::Thing' });
    expect(() => app.synth()).toThrow(/'Same'/);
  });
});

describe('pascal', () => {
  it.each([
    ['plans', 'Plans'],
    ['unit:family-planning', 'UnitFamilyPlanning'],
    ['a_b', 'AB'],
  ])('makes %s into %s', (name, id) => {
    expect(pascal(name)).toBe(id);
  });
});
