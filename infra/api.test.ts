/** The HTTP API's edge: per-route throttles, the writers' reserved concurrency, the access log. */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ROUTES, routeKey } from '../api/routes';
import { apiFunctions, ORIGIN, templateOf } from './testing';

const template = templateOf({ addinOrigin: ORIGIN });
const stage = () => {
  const stages = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'));
  expect(stages).toHaveLength(1);
  return stages[0]!;
};
type RouteSetting = { ThrottlingRateLimit: number; ThrottlingBurstLimit: number };
const settings = () => stage().Properties.RouteSettings as Record<string, RouteSetting>;

describe('throttling', () => {
  it('gives every route of the route table a throttle of its own, rate and burst', () => {
    expect(Object.keys(settings()).sort()).toEqual(ROUTES.map(routeKey).sort());
    for (const [key, s] of Object.entries(settings())) {
      expect(s.ThrottlingRateLimit, key).toBeGreaterThan(0);
      expect(s.ThrottlingBurstLimit, key).toBeGreaterThanOrEqual(s.ThrottlingRateLimit);
    }
  });

  it('throttles every write tighter than any read', () => {
    const rate = (access: 'read' | 'write') =>
      ROUTES.filter((r) => r.access === access && r.auth !== 'public').map(
        (r) => settings()[routeKey(r)]!.ThrottlingRateLimit,
      );
    expect(Math.max(...rate('write'))).toBeLessThan(Math.min(...rate('read')));
  });

  it.each([
    ['GET /v1/status/{year}', 50, 100],
    ['GET /v1/submissions', 50, 100],
    ['POST /v1/submissions', 10, 20],
    ['POST /v1/submissions/{id}/review', 10, 20],
    ['PUT /v1/plans/{year}', 10, 20],
    // Reading an uploaded workbook, or making one.
    ['POST /v1/workbooks', 2, 5],
    ['POST /v1/plans/{year}/import', 2, 5],
    ['POST /v1/summaries/{year}', 2, 5],
    ['POST /v1/plans/{year}/close', 2, 5],
    // Public.
    ['GET /v1/health', 5, 10],
  ])('%s: %d rps, burst %d', (key, rate, burst) => {
    expect(settings()[key]).toEqual({ ThrottlingRateLimit: rate, ThrottlingBurstLimit: burst });
  });

  it('updates the stage after its routes exist (route settings name them)', () => {
    const routes = Object.keys(template.findResources('AWS::ApiGatewayV2::Route'));
    expect(routes).toHaveLength(ROUTES.length);
    expect([...(stage().DependsOn as string[])].sort()).toEqual(expect.arrayContaining(routes.sort()));
  });

  it('takes other limits by class', () => {
    const t = templateOf({ addinOrigin: ORIGIN, throttles: { write: { rateLimit: 3, burstLimit: 6 } } });
    const s = Object.values(t.findResources('AWS::ApiGatewayV2::Stage'))[0]!.Properties.RouteSettings;
    expect(s['POST /v1/submissions']).toEqual({ ThrottlingRateLimit: 3, ThrottlingBurstLimit: 6 });
    expect(s['GET /v1/submissions']).toEqual({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 });
  });
});

describe('reserved concurrency', () => {
  const reservedOf = (t = template) =>
    Object.fromEntries(
      Object.values(
        t.findResources('AWS::Lambda::Function', {
          Properties: { Description: Match.stringLikeRegexp('^Shishi ') },
        }),
      ).map((f) => [
        (f.Properties.Description as string).replace(/^Shishi (API|job): /, ''),
        f.Properties.ReservedConcurrentExecutions as number | undefined,
      ]),
    );

  it('is reserved for the writers (reports and reviews, plans, summaries, people, the job) and no reader', () => {
    expect(apiFunctions(template)).toHaveLength(9);
    expect(reservedOf()).toEqual({
      health: undefined,
      status: undefined,
      audit: undefined,
      templates: undefined,
      submissions: 10,
      workbooks: 5,
      plans: 5,
      summaries: 2,
      users: 2,
      reminders: 1,
    });
  });

  it('is left out with `reservedConcurrency: false` (an account whose quota is too low)', () => {
    const t = templateOf({ addinOrigin: ORIGIN, reservedConcurrency: false });
    expect(Object.values(reservedOf(t)).filter((v) => v !== undefined)).toEqual([]);
  });
});

describe('the access log', () => {
  const settingsOf = () =>
    stage().Properties.AccessLogSettings as { DestinationArn: unknown; Format: string };

  it('goes to a log group of its own, kept six months and retained', () => {
    const groups = template.findResources('AWS::Logs::LogGroup');
    const [id] = Object.keys(groups).filter((k) => k.startsWith('ApiAccessLogs'));
    expect(id).toBeDefined();
    expect(settingsOf().DestinationArn).toEqual({ 'Fn::GetAtt': [id, 'Arn'] });
    expect(groups[id!]!.Properties.RetentionInDays).toBe(180);
    expect(groups[id!]!.DeletionPolicy).toBe('Retain');
  });

  it('names the request, the route, the answer, the latency, the source IP and an integration error', () => {
    const fields = JSON.parse(settingsOf().Format) as Record<string, string>;
    expect(fields).toMatchObject({
      requestId: '$context.requestId',
      routeKey: '$context.routeKey',
      status: '$context.status',
      latencyMs: '$context.responseLatency',
      ip: '$context.identity.sourceIp',
      integrationError: '$context.integrationErrorMessage',
    });
  });

  it('never holds a header, the Authorization token, a claim or the query string', () => {
    const format = settingsOf().Format;
    expect(format.toLowerCase()).not.toContain('authorization');
    for (const variable of format.match(/\$[a-zA-Z.]+/g) ?? []) {
      expect(variable).toMatch(/^\$context\./);
      expect(variable).not.toMatch(/header|authorizer\.claims|jwt|token|querystring|\$input|body/i);
    }
  });
});
