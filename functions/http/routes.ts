/**
 * The API's routes: one table shared by the handlers, the local HTTP adapter, the OpenAPI
 * check and the CDK app, so a route exists in one place.
 */
import type { Method, RouteDef } from './types';

export const ROUTES: readonly RouteDef[] = [
  { method: 'GET', path: '/v1/health', group: 'health', auth: 'public' },
  { method: 'GET', path: '/v1/plans/{year}', group: 'plans', auth: 'any' },
  { method: 'PUT', path: '/v1/plans/{year}', group: 'plans', auth: 'office' },
  { method: 'POST', path: '/v1/submissions', group: 'submissions', auth: 'unit' },
  { method: 'GET', path: '/v1/submissions', group: 'submissions', auth: 'office-or-unit' },
  { method: 'GET', path: '/v1/submissions/{id}', group: 'submissions', auth: 'office-or-unit' },
  { method: 'POST', path: '/v1/submissions/{id}/review', group: 'submissions', auth: 'office' },
  { method: 'GET', path: '/v1/status/{year}', group: 'status', auth: 'any' },
  { method: 'GET', path: '/v1/audit', group: 'audit', auth: 'office' },
  { method: 'GET', path: '/v1/templates/{year}/{unit}', group: 'templates', auth: 'office-or-unit' },
  { method: 'POST', path: '/v1/workbooks', group: 'workbooks', auth: 'unit', body: 'binary' },
  { method: 'POST', path: '/v1/summaries/{year}', group: 'summaries', auth: 'office' },
  { method: 'GET', path: '/v1/summaries/{year}', group: 'summaries', auth: 'office-or-leader' },
];

export const routeKey = (r: Pick<RouteDef, 'method' | 'path'>): string => `${r.method} ${r.path}`;

/**
 * Finds the route for a request and its path parameters, as API Gateway does.
 *
 * @example matchRoute('GET', '/v1/plans/2006') // → { route, pathParameters: { year: '2006' } }
 */
export function matchRoute(
  method: string,
  rawPath: string,
): { route: RouteDef; pathParameters: Record<string, string> } | { allowed: Method[] } | undefined {
  const parts = rawPath.replace(/\/+$/, '').split('/');
  const allowed: Method[] = [];
  for (const route of ROUTES) {
    const pattern = route.path.split('/');
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = pattern.every((seg, i) => {
      const m = /^\{(\w+)\}$/.exec(seg);
      if (!m) return seg === parts[i];
      const value = parts[i] ?? '';
      if (value === '') return false;
      try {
        params[m[1]!] = decodeURIComponent(value);
      } catch {
        return false;
      }
      return true;
    });
    if (!ok) continue;
    if (route.method === method.toUpperCase()) return { route, pathParameters: params };
    allowed.push(route.method);
  }
  return allowed.length ? { allowed } : undefined;
}
