/** The Lambda contract every route group's handler follows: API Gateway HTTP API, payload v2. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;
/** The part of Lambda's context the shell reads (the invocation's id, for its log line). */
export interface LambdaContext {
  readonly awsRequestId?: string;
}
export type LambdaHandler = (event: HttpEvent, context?: LambdaContext) => Promise<HttpResult>;
