/**
 * openapi.json (the API's description for people and client generators) against the code it
 * describes: the route table, the auth rules, the error codes and the request schemas.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { HTTP_STATUS } from './errors';
import { ROUTES } from './routes';
import { planSchema, publishSchema, reviewSchema, submissionSchema } from './schemas';

type Json = Record<string, unknown>;
const doc = JSON.parse(readFileSync(new URL('../openapi.json', import.meta.url), 'utf8')) as Json;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

const paths = doc.paths as Record<string, Json>;
const operations = Object.entries(paths).flatMap(([path, item]) =>
  METHODS.filter((m) => item[m]).map((m) => ({ method: m.toUpperCase(), path, op: item[m] as Json })),
);

/** The JSON value a local `$ref` (`#/components/...`) points to, or undefined. */
function resolve(ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>(
      (node, key) => (node && typeof node === 'object' ? (node as Json)[key] : undefined),
      doc,
    );
}

const schema = (name: string) => (doc.components as { schemas: Record<string, Json> }).schemas[name]!;
const props = (s: Json) => Object.keys(s.properties as Json).sort();
const itemsOf = (s: Json, prop: string) =>
  resolve(((s.properties as Json)[prop] as { items: { $ref: string } }).items.$ref) as Json;
const zodKeys = (o: z.ZodObject) => Object.keys(o.shape).sort();

describe('openapi.json', () => {
  it('is OpenAPI 3.1', () => {
    // Assess
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
  });

  it('describes exactly the routes of the route table', () => {
    // Prepare
    const described = operations.map((o) => `${o.method} ${o.path}`).sort();

    // Assess
    expect(described).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('asks for a bearer token on every route but the public one', () => {
    // Prepare
    const schemes = (doc.components as { securitySchemes: Record<string, Json> }).securitySchemes;
    const effective = (op: Json) => (op.security ?? doc.security) as Array<Record<string, string[]>>;

    // Assess
    expect(schemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    for (const route of ROUTES) {
      const op = operations.find((o) => o.method === route.method && o.path === route.path)!.op;
      const names = effective(op).flatMap((req) => Object.keys(req));
      if (route.auth === 'public') expect(names, `${route.method} ${route.path}`).toEqual([]);
      else expect(names, `${route.method} ${route.path}`).toEqual(['bearerAuth']);
      expect(op['x-shishi-auth'], `${route.method} ${route.path}`).toBe(route.auth);
      if (route.auth !== 'public') expect(Object.keys(op.responses as Json)).toContain('401');
    }
  });

  it('lets every route but the public one name the organisation (?org=), and says only the own is allowed', () => {
    for (const route of ROUTES.filter((r) => r.auth !== 'public')) {
      const op = operations.find((o) => o.method === route.method && o.path === route.path)!.op;
      const refs = ((op.parameters as Json[]) ?? []).map((p) => p.$ref);
      expect(refs, `${route.method} ${route.path}`).toContain('#/components/parameters/OrgQuery');
    }
  });

  it('declares every path parameter of every route', () => {
    for (const { path, op } of operations) {
      // Prepare
      const declared = [...((paths[path]!.parameters as Json[]) ?? []), ...((op.parameters as Json[]) ?? [])]
        .map((p) => (p.$ref ? (resolve(p.$ref as string) as Json) : p))
        .filter((p) => p.in === 'path')
        .map((p) => p.name);
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);

      // Assess
      expect(declared.sort(), path).toEqual(inPath.sort());
    }
  });

  it('has the Idempotency-Key header on POST /v1/submissions', () => {
    // Prepare
    const op = operations.find((o) => o.method === 'POST' && o.path === '/v1/submissions')!.op;
    const params = (op.parameters as Json[]).map((p) => (p.$ref ? (resolve(p.$ref as string) as Json) : p));

    // Assess
    expect(params).toContainEqual(
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true }),
    );
  });

  it('resolves every $ref', () => {
    // Prepare
    const refs: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          if (k === '$ref' && typeof v === 'string') refs.push(v);
          else walk(v);
        }
      }
    };

    // Act
    walk(doc);

    // Assess
    expect(refs.length).toBeGreaterThan(20);
    expect(refs.filter((r) => resolve(r) === undefined)).toEqual([]);
  });

  it('lists every API error code in the Problem schema, and answers errors as problem+json', () => {
    // Prepare
    const codes = ((schema('Problem').properties as Json).code as { enum: string[] }).enum;
    const responses = (doc.components as { responses: Record<string, Json> }).responses;

    // Assess
    expect([...codes].sort()).toEqual(Object.keys(HTTP_STATUS).sort());
    for (const [name, r] of Object.entries(responses)) {
      expect(Object.keys(r.content as Json), name).toEqual(['application/problem+json']);
    }
  });

  it('describes the request bodies with the properties the server parses', () => {
    // Prepare
    const submission = schema('Submission');
    const rows = submissionSchema.shape.rows.element;
    const details = submissionSchema.shape.details.unwrap().element;

    // Assess
    expect(props(submission)).toEqual(zodKeys(submissionSchema));
    expect(props(itemsOf(submission, 'rows'))).toEqual(zodKeys(rows));
    expect(props(itemsOf(submission, 'details'))).toEqual(zodKeys(details));
    expect(props(schema('Plan'))).toEqual(zodKeys(planSchema));
    expect(props(itemsOf(schema('Plan'), 'indicators'))).toEqual(
      zodKeys(planSchema.shape.indicators.element),
    );
    expect(props(schema('ReviewRequest'))).toEqual(zodKeys(reviewSchema));
    expect(props(schema('PublishRequest'))).toEqual(zodKeys(publishSchema));
  });
});

describe('the Finding schema', () => {
  it('lists every validation, reading and parsing code, and the cell', async () => {
    const { SEVERITY } = await import('../domain/findings');
    const { PARSE_ERROR_CODES } = await import('../domain/parse');
    const doc = JSON.parse(readFileSync(new URL('../openapi.json', import.meta.url), 'utf8'));
    const finding = doc.components.schemas.Finding;
    const codes: string[] = finding.properties.code.enum;
    for (const code of [
      ...Object.keys(SEVERITY),
      ...PARSE_ERROR_CODES,
      'worksheet.tableNotFound',
      'worksheet.hiddenSheetIgnored',
    ]) {
      expect(codes, code).toContain(code);
    }
    expect(finding.properties.cell.type).toBe('string');
  });
});
