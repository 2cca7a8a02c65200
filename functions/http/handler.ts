/**
 * The thin shell every route group's Lambda shares: find the route, check the token and the
 * role, parse the body, call the use case, turn its result or error into a response — and
 * report it: one log line per request and its counts (./telemetry.ts: the request id, the
 * route, the principal's `sub`, the status or error code and the duration; never a header).
 */
import { type ApiError, apiError, isApiError } from '../../api/errors';
import { allowed, mayActFor, ORG_ID, type Principal } from '../../api/roles';
import { type GroupRouteKey, matchRoute, type RouteAuth, type RouteGroup, routeKey } from '../../api/routes';
import type { AuthFailureCode } from '../auth/tokens';
import { type Deps, getDeps } from '../runtime';
import { json, problem, tooLargeError } from './problem';
import { getTelemetry, type RequestRecord, type Telemetry } from './telemetry';
import type { HttpEvent, HttpResult, LambdaContext, LambdaHandler } from './types';

export interface ApiRequest {
  readonly principal: Principal | undefined;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly rawBody: string;
  readonly body: unknown;
  /** The body's bytes, for `binary` routes (file uploads). */
  readonly bytes: Buffer;
}

/** A use case answers a response, or an expected error. */
export type Route = (req: ApiRequest, deps: Deps) => Promise<HttpResult | ApiError>;

/** Errors of the store's infrastructure that a retry may cure: answered 503 with Retry-After. */
function isUnavailable(e: unknown): boolean {
  const err = e as {
    name?: string;
    code?: string;
    cause?: { code?: string };
    $metadata?: { httpStatusCode?: number };
  };
  const codes = ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'UND_ERR_SOCKET'];
  return (
    codes.includes(err?.code ?? '') ||
    codes.includes(err?.cause?.code ?? '') ||
    [
      'TimeoutError',
      'ThrottlingException',
      'ProvisionedThroughputExceededException',
      'RequestLimitExceeded',
      'InternalServerError',
      'ServiceUnavailable',
    ].includes(err?.name ?? '') ||
    (err?.$metadata?.httpStatusCode ?? 0) >= 500 ||
    /ECONNREFUSED|socket hang up|connect ETIMEDOUT/.test(String((e as Error)?.message ?? ''))
  );
}

const forbidden = (rule: RouteAuth) =>
  apiError(
    'auth.forbidden',
    `当前角色无权执行此操作（需要：${rule}）`,
    `Your role may not do this (requires: ${rule})`,
  );

const AUTH_TEXT: Record<AuthFailureCode, [string, string]> = {
  'auth.missing': ['请先登录：缺少访问令牌', 'Sign in first: no bearer token was sent'],
  'auth.invalid': ['访问令牌无效', 'The bearer token is not valid'],
  'auth.expired': ['访问令牌已过期，请重新登录', 'The bearer token has expired; sign in again'],
  'auth.claims': ['访问令牌缺少角色或单位信息', 'The bearer token lacks a role, unit or district'],
  'auth.disabled': [
    '此账号已被考核办停用，请联系考核办',
    'This account has been disabled by the office; ask the office',
  ],
};

/** The same answer for every organisation not the caller's, whether it exists or not. */
const otherOrganisation = () =>
  apiError(
    'auth.forbidden',
    '无权查看或修改该组织的数据',
    "You may not see or change this organisation's records",
    { field: 'org' },
  );

const PUBLIC_DEPS = { config: { maxBodyBytes: 64 * 1024 }, now: () => new Date() } as unknown as Deps;

/** What the shell learns of a request as it answers it: what its line reports. */
interface Seen {
  route?: string;
  principal?: Principal;
  code?: string;
  error?: unknown;
}

export function makeHandler<G extends RouteGroup>(
  group: G,
  routes: { readonly [K in GroupRouteKey<NoInfer<G>>]: Route },
  deps: () => Deps = getDeps,
  telemetry: () => Telemetry = getTelemetry,
): LambdaHandler {
  const answer = answerer(group, routes as Readonly<Record<string, Route>>, deps);
  return async (event: HttpEvent, context?: LambdaContext): Promise<HttpResult> => {
    const started = performance.now();
    const seen: Seen = {};
    const result = await answer(event, seen);
    const p = seen.principal;
    const record: RequestRecord = {
      requestId: event.requestContext?.requestId,
      lambdaRequestId: context?.awsRequestId,
      route: seen.route ?? '-',
      group,
      status: result.statusCode ?? 200,
      code: seen.code,
      durationMs: performance.now() - started,
      sub: p?.sub,
      role: p?.role,
      org: p?.org,
      via: p?.via,
      error: seen.error,
    };
    try {
      telemetry().request(record);
    } catch {
      // Reporting never costs the caller its answer.
    }
    return result;
  };
}

function answerer(group: RouteGroup, routes: Readonly<Record<string, Route>>, deps: () => Deps) {
  return async (event: HttpEvent, seen: Seen): Promise<HttpResult> => {
    /** A problem answer, its code seen. */
    const refuse = (e: ApiError): HttpResult => {
      seen.code = e.code;
      return problem(e);
    };
    const method = event.requestContext?.http?.method ?? 'GET';
    const matched = matchRoute(method, event.rawPath);
    if (!matched || !('route' in matched) || matched.route.group !== group) {
      return refuse(apiError('http.notFound', '没有这个接口', 'No such route'));
    }
    const { route } = matched;
    seen.route = routeKey(route);
    const fn = routes[routeKey(route)];
    if (!fn) return refuse(apiError('http.notFound', '没有这个接口', 'No such route'));
    try {
      // Public routes (health) must answer even when the store or keys are not configured.
      const d = route.auth === 'public' ? PUBLIC_DEPS : deps();
      const headers = Object.fromEntries(
        Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v ?? '']),
      );
      let principal: Principal | undefined;
      if (route.auth !== 'public') {
        const verified = await d.verify(headers.authorization);
        if (!verified.ok) {
          const [zh, en] = AUTH_TEXT[verified.error.code];
          return refuse(apiError(verified.error.code, zh, en));
        }
        principal = verified.value;
        seen.principal = principal;
        // A person the office has disabled is refused on their next request, whatever token they hold.
        const person = await d.store.forOrg(principal.org).getPerson(principal.sub);
        if (person?.state === 'disabled') {
          const [zh, en] = AUTH_TEXT['auth.disabled'];
          return refuse(apiError('auth.disabled', zh, en));
        }
        if (!allowed(route.auth, principal)) return refuse(forbidden(route.auth));
        const asked = event.queryStringParameters?.org;
        if (asked !== undefined && asked !== principal.org) {
          // A city's office may read its own districts: the district's own record names its parent.
          const parent =
            principal.role === 'city' && ORG_ID.test(asked)
              ? (await d.store.forOrg(asked).getOrganisation())?.parent?.id
              : undefined;
          if (!mayActFor(principal, asked, parent)) return refuse(otherOrganisation());
          principal = { ...principal, org: asked, via: principal.org };
          seen.principal = principal;
        }
      }
      const bytes = event.body
        ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8')
        : Buffer.alloc(0);
      if (bytes.length > d.config.maxBodyBytes) {
        return refuse(tooLargeError(d.config.maxBodyBytes, route.body === 'binary' ? 'workbook' : 'json'));
      }
      const rawBody = route.body === 'binary' ? '' : bytes.toString('utf8');
      let body: unknown;
      if ((method === 'POST' || method === 'PUT' || method === 'PATCH') && route.body !== 'binary') {
        try {
          body = rawBody ? JSON.parse(rawBody) : undefined;
        } catch {
          return refuse(
            apiError('request.invalid', '请求内容不是有效的 JSON', 'The request body is not valid JSON'),
          );
        }
      }
      const query = Object.fromEntries(
        Object.entries(event.queryStringParameters ?? {}).map(([k, v]) => [k, v ?? '']),
      );
      const result = await fn(
        { principal, params: matched.pathParameters, query, headers, rawBody, body, bytes },
        d,
      );
      return isApiError(result) ? refuse(result) : result;
    } catch (e) {
      // The request's line carries the error (the logger, ./telemetry.ts), once.
      seen.error = e;
      if (isUnavailable(e)) {
        return refuse(
          apiError(
            'store.unavailable',
            '数据存储暂时不可用，请稍后重试',
            'The data store is unavailable; retry shortly',
            {
              retryAfter: 2,
            },
          ),
        );
      }
      return refuse(apiError('http.internal', '服务器内部错误', 'Internal server error'));
    }
  };
}

export { json };
