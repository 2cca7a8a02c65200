/**
 * Each function's role allows exactly what its code does (infra/lib/grants.ts): the lists below
 * are written out from the handlers, the use cases they call and the store, not computed from
 * the grants, so a grant added or dropped on either side fails here.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { groupAccess, routeGroups } from '../api/routes';
import { checkGrants, TABLE_USE } from './lib/grants';
import { actions, ORIGIN, policyOf, resources, type Statement, templateOf } from './testing';

const template = templateOf({ addinOrigin: ORIGIN });

/** What a statement's resource is, in words: `table`, `index`, `bucket`, `files/<prefix>*`, `pool`. */
function kindOf(resource: unknown, condition: unknown): string {
  const json = JSON.stringify(resource);
  const prefix = (condition as { StringLike?: { 's3:prefix'?: string[] } } | undefined)?.StringLike?.[
    's3:prefix'
  ];
  if (/"Table[0-9A-F]{8}","Arn"\]\},"\/index\/byYear"/.test(json)) return 'index';
  if (/^\{"Fn::GetAtt":\["Table[0-9A-F]{8}","Arn"\]\}$/.test(json)) return 'table';
  const files = /"Files[0-9A-F]{8}","Arn"\]\},"\/([^"]+)"/.exec(json);
  if (files) return `files/${files[1]}`;
  if (/^\{"Fn::GetAtt":\["Files[0-9A-F]{8}","Arn"\]\}$/.test(json))
    return prefix ? `bucket(prefix ${prefix.join(',')})` : 'bucket';
  if (/^\{"Fn::GetAtt":\["Users[0-9A-F]{8}","Arn"\]\}$/.test(json)) return 'pool';
  return json;
}

/** `action @ resource` for every Allow of the function's role, sorted. */
function allowsOf(t: Template, fn: string): string[] {
  return policyOf(t, fn)
    .flatMap((p) => p.statements)
    .filter((s: Statement) => s.Effect === 'Allow')
    .flatMap((s) => actions(s).flatMap((a) => resources(s).map((r) => `${a} @ ${kindOf(r, s.Condition)}`)))
    .sort();
}

const on = (where: string, ...actionNames: string[]) => actionNames.map((a) => `${a} @ ${where}`);
const table = (...a: string[]) => on('table', ...a.map((x) => `dynamodb:${x}`));
const INDEX = on('index', 'dynamodb:Query');

/** Expected, function by function. */
const EXPECTED: Record<string, string[]> = {
  // Public: no store at all.
  health: [],
  // The caller's person (the shell), `listAudit` and `verifyAudit` (Queries of the table, the
  // chain's head).
  audit: table('GetItem', 'Query'),
  // The plan (Get), the year's heads (the index) and their versions (BatchGet).
  status: [...table('GetItem', 'BatchGetItem'), ...INDEX],
  templates: [...table('GetItem', 'BatchGetItem'), ...INDEX],
  // Reports and reviews: transactions of Puts, Updates and the year's ConditionCheck; a
  // report's history is a Query of the table; a version's kept workbook read for its download
  // (a missing one answers 404: ListBucket on the bucket).
  submissions: [
    ...table('GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'ConditionCheckItem'),
    ...INDEX,
    ...on('files/workbooks/*', 's3:GetObject'),
    ...on('bucket', 's3:ListBucket'),
  ],
  // An upload is submitted as a report (its audit entry appended to the chain: the head read, or
  // the partition queried); the file is kept, put only, never read back here.
  workbooks: [
    ...table('GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'ConditionCheckItem'),
    ...INDEX,
    ...on('files/workbooks/*', 's3:PutObject'),
  ],
  // Plans, the year's close and reopening (no ConditionCheck), the kept 年终考核 workbooks (a missing
  // one must answer 404: ListBucket on the bucket), the units' groups in the pool.
  plans: [
    ...table('GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem'),
    ...INDEX,
    ...on('files/assessments/*', 's3:GetObject', 's3:PutObject'),
    ...on('bucket', 's3:ListBucket'),
    ...on('pool', 'cognito-idp:GetGroup', 'cognito-idp:CreateGroup'),
  ],
  // Reads the reports, appends the summary's audit entry (puts it, moves the chain's head),
  // keeps the file.
  summaries: [
    ...table('GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem'),
    ...INDEX,
    ...on('files/summaries/*', 's3:GetObject', 's3:PutObject'),
    ...on('bucket(prefix summaries/*)', 's3:ListBucket'),
  ],
  // People (put, updated), the published plans' units, the sign-ins in the pool.
  users: [
    ...table('GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem'),
    ...INDEX,
    ...on(
      'pool',
      'cognito-idp:AdminCreateUser',
      'cognito-idp:AdminAddUserToGroup',
      'cognito-idp:AdminDisableUser',
      'cognito-idp:AdminEnableUser',
    ),
  ],
  // The organisations (the index), their plans and reports, reminders put with their audit
  // entries (the chain's head moved).
  reminders: [...table('GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem'), ...INDEX],
};

describe('each function is allowed exactly what its code does', () => {
  it('names every function', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...routeGroups(), 'reminders'].sort());
  });

  it.each(Object.entries(EXPECTED))('%s', (fn, expected) => {
    expect(allowsOf(template, fn)).toEqual([...expected].sort());
  });

  it('gives the summaries function only its files’ get and put and a listing under its prefix, the workbooks function only a put of uploads', () => {
    // Two of the grants wider than the code that 0c97436 had (s3:GetObject*, s3:GetBucket*,
    // s3:List* on the whole bucket, s3:PutObjectTagging…; the workbooks function a prefix it never used).
    expect(allowsOf(template, 'summaries').filter((a) => a.startsWith('s3:'))).toEqual([
      's3:GetObject @ files/summaries/*',
      's3:ListBucket @ bucket(prefix summaries/*)',
      's3:PutObject @ files/summaries/*',
    ]);
    expect(allowsOf(template, 'workbooks').filter((a) => a.startsWith('s3:'))).toEqual([
      's3:PutObject @ files/workbooks/*',
    ]);
  });

  it('gives no reader a write, and no function ConditionCheckItem but those of reports and reviews', () => {
    for (const fn of ['status', 'audit', 'templates'])
      expect(
        allowsOf(template, fn).filter((a) => /PutItem|UpdateItem|ConditionCheck/.test(a)),
        fn,
      ).toEqual([]);
    const checks = Object.keys(EXPECTED).filter((fn) =>
      allowsOf(template, fn).some((a) => a.startsWith('dynamodb:ConditionCheckItem')),
    );
    expect(checks.sort()).toEqual(['submissions', 'workbooks']);
  });

  it('gives no function Scan, a delete, a batch write, a stream or the table’s description', () => {
    for (const fn of Object.keys(EXPECTED)) {
      for (const a of allowsOf(template, fn))
        expect(a, fn).not.toMatch(
          /Scan|Delete|BatchWrite|GetRecords|GetShardIterator|DescribeTable|s3:List\*|s3:\*/,
        );
    }
  });

  it('follows a restored table: the same actions, on it', () => {
    const t = templateOf({ addinOrigin: ORIGIN, servedTable: 'shishi-restored' });
    const statements = policyOf(t, 'submissions').flatMap((p) => p.statements);
    const json = JSON.stringify(statements);
    expect(json).toContain(':table/shishi-restored"');
    expect(json).toContain(':table/shishi-restored/index/byYear');
    expect(
      statements
        .filter((s) => s.Effect === 'Allow')
        .flatMap(actions)
        .filter((a) => a.startsWith('dynamodb:'))
        .sort(),
    ).toEqual(
      [
        'dynamodb:BatchGetItem',
        'dynamodb:ConditionCheckItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
      ].sort(),
    );
  });
});

describe('the grants agree with the route table', () => {
  it('hold for the grants as they are', () => {
    expect(() => checkGrants()).not.toThrow();
  });

  it.each([
    ['health', { table: ['GetItem'], queriesIndex: false }, /health: its routes are public/],
    ['status', { table: ['GetItem', 'PutItem'], queriesIndex: true }, /status: its routes only read/],
    ['summaries', { table: ['GetItem'], queriesIndex: true }, /summaries: one of its routes writes/],
  ] as const)('refuse %s given %j', (group, use, message) => {
    expect(() => checkGrants({ ...TABLE_USE, [group]: use })).toThrow(message);
  });

  it('give the write groups of api/routes.ts a write, and the others none', () => {
    for (const g of routeGroups()) {
      const w = TABLE_USE[g].table.some((a) => ['PutItem', 'UpdateItem', 'ConditionCheckItem'].includes(a));
      expect(w, g).toBe(groupAccess(g) === 'write');
    }
  });
});
