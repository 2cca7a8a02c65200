import { describe, expect, test } from 'vitest';
import { HTTP_STATUS } from './errors';
import { groupAccess, matchRoute, ROUTES, routeGroups } from './routes';
import { fieldPath } from './schemas';

describe('matchRoute', () => {
  test.each([
    ['GET', '/v1/health', '/v1/health', {}],
    ['GET', '/v1/plans/2006', '/v1/plans/{year}', { year: '2006' }],
    ['PUT', '/v1/plans/2006/', '/v1/plans/{year}', { year: '2006' }],
    ['GET', '/v1/submissions/2006.labor.2006-05', '/v1/submissions/{id}', { id: '2006.labor.2006-05' }],
    [
      'POST',
      '/v1/submissions/2006.labor.2006-05/review',
      '/v1/submissions/{id}/review',
      { id: '2006.labor.2006-05' },
    ],
    ['GET', '/v1/status/%32006', '/v1/status/{year}', { year: '2006' }],
  ])('%s %s → %s', (method, path, route, params) => {
    const m = matchRoute(method, path);
    expect(m && 'route' in m ? [m.route.path, m.pathParameters] : m).toEqual([route, params]);
  });

  test('a known path with another method lists the allowed ones; an unknown path is undefined', () => {
    expect(matchRoute('DELETE', '/v1/plans/2006')).toEqual({ allowed: ['GET', 'PUT'] });
    expect(matchRoute('GET', '/v1/nothing')).toBeUndefined();
    // An empty path parameter matches nothing (`/v1/plans/` is the years list since GET /v1/plans).
    expect(matchRoute('GET', '/v1/status/')).toBeUndefined();
    expect(matchRoute('GET', '/v1/plans/')).toMatchObject({ route: { path: '/v1/plans' } });
    expect(matchRoute('GET', '/v1/status/%E0%A4%A')).toBeUndefined();
  });

  test('every route is unique and only health is public', () => {
    const keys = ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(ROUTES.filter((r) => r.auth === 'public').map((r) => r.path)).toEqual(['/v1/health']);
  });
});

describe('access', () => {
  test('GET routes read; the others write', () => {
    for (const r of ROUTES)
      expect(r.access, `${r.method} ${r.path}`).toBe(r.method === 'GET' ? 'read' : 'write');
  });

  test.each([
    ['health', 'none'],
    ['plans', 'write'],
    ['submissions', 'write'],
    ['status', 'read'],
    ['audit', 'read'],
    ['templates', 'read'],
    ['workbooks', 'write'],
    ['summaries', 'write'],
  ] as const)('the %s group gets %s access to the table', (group, access) => {
    expect(groupAccess(group)).toBe(access);
  });

  test('every group of the table is listed once, in the order of its first route', () => {
    // (infra/stack.test.ts names the groups one by one for the functions it makes.)
    const firsts = ROUTES.map((r) => r.group).filter((g, i, all) => all.indexOf(g) === i);
    expect(routeGroups()).toEqual(firsts);
    expect(new Set(routeGroups()).size).toBe(routeGroups().length);
  });
});

describe('problems', () => {
  test('every code maps to a 4xx or 5xx status', () => {
    for (const [code, status] of Object.entries(HTTP_STATUS)) {
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
    }
  });

  test('field paths read like the request', () => {
    expect(fieldPath(['rows', 2, 'cumulative'])).toBe('rows[2].cumulative');
    expect(fieldPath([])).toBe('');
  });
});
