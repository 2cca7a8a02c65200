/**
 * The API's routes: one table shared by the handlers, the local HTTP adapter, the OpenAPI
 * check, the client and the CDK app, so a route exists in one place. Each route says who may
 * call it (`auth`) and what it does to the table (`access`): the CDK app grants each route
 * group's Lambda write access only when one of its routes writes.
 */

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH';

export type RouteGroup =
  | 'health'
  | 'plans'
  | 'submissions'
  | 'status'
  | 'audit'
  | 'templates'
  | 'workbooks'
  | 'summaries'
  | 'users';

/**
 * Who may call a route; `public` needs no token; `reader`: the office, leaders and the city's
 * office (which reads its districts). Every rule a `city` caller passes is read-only.
 */
export type RouteAuth = 'public' | 'any' | 'office' | 'unit' | 'office-or-unit' | 'reader';

export interface RouteDef {
  readonly method: Method;
  /** API Gateway route path, e.g. `/v1/plans/{year}`. */
  readonly path: string;
  readonly group: RouteGroup;
  readonly auth: RouteAuth;
  /** What the route does to the table: `read` only, or `write` (put and update). */
  readonly access: 'read' | 'write';
  /** `binary`: the body is a file (an .xlsx), handed to the use case as bytes, not parsed as JSON. */
  readonly body?: 'binary';
}

export const ROUTES = [
  { method: 'GET', path: '/v1/health', group: 'health', auth: 'public', access: 'read' },
  { method: 'GET', path: '/v1/plans', group: 'plans', auth: 'any', access: 'read' },
  { method: 'GET', path: '/v1/plans/{year}', group: 'plans', auth: 'any', access: 'read' },
  { method: 'PUT', path: '/v1/plans/{year}', group: 'plans', auth: 'office', access: 'write' },
  { method: 'PUT', path: '/v1/plans/{year}/draft', group: 'plans', auth: 'office', access: 'write' },
  { method: 'POST', path: '/v1/plans/{year}/publish', group: 'plans', auth: 'office', access: 'write' },
  {
    method: 'POST',
    path: '/v1/plans/{year}/import',
    group: 'plans',
    auth: 'office',
    access: 'write',
    body: 'binary',
  },
  { method: 'GET', path: '/v1/plans/{year}/workbook', group: 'plans', auth: 'office', access: 'read' },
  { method: 'POST', path: '/v1/plans/{year}/close', group: 'plans', auth: 'office', access: 'write' },
  { method: 'POST', path: '/v1/plans/{year}/reopen', group: 'plans', auth: 'office', access: 'write' },
  { method: 'GET', path: '/v1/plans/{year}/close', group: 'plans', auth: 'any', access: 'read' },
  { method: 'GET', path: '/v1/plans/{year}/assessment', group: 'plans', auth: 'reader', access: 'read' },
  {
    method: 'GET',
    path: '/v1/plans/{year}/assessment/workbook',
    group: 'plans',
    auth: 'reader',
    access: 'read',
  },
  { method: 'POST', path: '/v1/submissions', group: 'submissions', auth: 'unit', access: 'write' },
  {
    method: 'GET',
    path: '/v1/submissions',
    group: 'submissions',
    auth: 'office-or-unit',
    access: 'read',
  },
  {
    method: 'GET',
    path: '/v1/submissions/{id}',
    group: 'submissions',
    auth: 'office-or-unit',
    access: 'read',
  },
  {
    method: 'GET',
    path: '/v1/submissions/{id}/versions/{version}',
    group: 'submissions',
    auth: 'office-or-unit',
    access: 'read',
  },
  {
    method: 'POST',
    path: '/v1/submissions/{id}/review',
    group: 'submissions',
    auth: 'office',
    access: 'write',
  },
  {
    method: 'GET',
    path: '/v1/submissions/{id}/versions/{version}/workbook',
    group: 'submissions',
    auth: 'office-or-unit',
    access: 'read',
  },
  {
    method: 'POST',
    path: '/v1/submissions/{id}/remind',
    group: 'submissions',
    auth: 'office',
    access: 'write',
  },
  { method: 'GET', path: '/v1/reminders', group: 'submissions', auth: 'office', access: 'read' },
  { method: 'GET', path: '/v1/status/{year}', group: 'status', auth: 'any', access: 'read' },
  { method: 'GET', path: '/v1/audit', group: 'audit', auth: 'office', access: 'read' },
  { method: 'GET', path: '/v1/audit/verify', group: 'audit', auth: 'office', access: 'read' },
  {
    method: 'GET',
    path: '/v1/templates/{year}/{unit}',
    group: 'templates',
    auth: 'office-or-unit',
    access: 'read',
  },
  {
    method: 'POST',
    path: '/v1/workbooks',
    group: 'workbooks',
    auth: 'unit',
    access: 'write',
    body: 'binary',
  },
  { method: 'POST', path: '/v1/summaries/{year}', group: 'summaries', auth: 'office', access: 'write' },
  {
    method: 'GET',
    path: '/v1/summaries/{year}',
    group: 'summaries',
    auth: 'reader',
    access: 'read',
  },
  { method: 'GET', path: '/v1/users', group: 'users', auth: 'office', access: 'read' },
  { method: 'POST', path: '/v1/users', group: 'users', auth: 'office', access: 'write' },
  { method: 'PATCH', path: '/v1/users/{sub}', group: 'users', auth: 'office', access: 'write' },
] as const satisfies readonly RouteDef[];

/** The keys of a group's routes: a handler must answer each (`makeHandler` checks it). */
export type GroupRouteKey<G extends RouteGroup> = KeyOf<
  Extract<(typeof ROUTES)[number], { readonly group: G }>
>;
type KeyOf<R> = R extends RouteDef ? `${R['method']} ${R['path']}` : never;

export const routeKey = (r: Pick<RouteDef, 'method' | 'path'>): string => `${r.method} ${r.path}`;

/** Every route group of the route table, in its order. */
export const routeGroups = (): RouteGroup[] => [...new Set(ROUTES.map((r) => r.group))];

/**
 * What a route group's Lambda may do to the table: `none` when all its routes are public (the
 * handler gives public routes no store), `write` when one of its routes writes, else `read`.
 *
 * @example groupAccess('status') // → 'read'
 */
export function groupAccess(group: RouteGroup): 'none' | 'read' | 'write' {
  const routes = ROUTES.filter((r) => r.group === group);
  if (routes.every((r) => r.auth === 'public')) return 'none';
  return routes.some((r) => r.access === 'write') ? 'write' : 'read';
}

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
