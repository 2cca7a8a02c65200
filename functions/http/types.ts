/** The Lambda contract every route group's handler follows: API Gateway HTTP API, payload v2. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;
export type LambdaHandler = (event: HttpEvent) => Promise<HttpResult>;

export type RouteGroup =
  | 'health'
  | 'plans'
  | 'submissions'
  | 'status'
  | 'audit'
  | 'templates'
  | 'workbooks'
  | 'summaries';
export type Method = 'GET' | 'POST' | 'PUT';

export interface RouteDef {
  readonly method: Method;
  /** API Gateway route path, e.g. `/v1/plans/{year}`. */
  readonly path: string;
  readonly group: RouteGroup;
  /** Who may call it; `public` needs no token. */
  readonly auth: 'public' | 'any' | 'office' | 'unit' | 'office-or-unit' | 'office-or-leader';
  /** `binary`: the body is a file (an .xlsx), handed to the use case as bytes, not parsed as JSON. */
  readonly body?: 'binary';
}
