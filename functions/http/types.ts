/** The Lambda contract every route group's handler follows: API Gateway HTTP API, payload v2. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;
export type LambdaHandler = (event: HttpEvent) => Promise<HttpResult>;
