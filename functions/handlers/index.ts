/** Every route group's Lambda handler, by group: what the local server and the CDK app use. */
import type { RouteGroup } from '../../api/routes';
import type { LambdaHandler } from '../http/types';
import { handler as audit } from './audit';
import { handler as health } from './health';
import { handler as plans } from './plans';
import { handler as status } from './status';
import { handler as submissions } from './submissions';
import { handler as summaries } from './summaries';
import { handler as templates } from './templates';
import { handler as users } from './users';
import { handler as workbooks } from './workbooks';

export const HANDLERS: Record<RouteGroup, LambdaHandler> = {
  health,
  plans,
  submissions,
  status,
  audit,
  templates,
  workbooks,
  summaries,
  users,
};
