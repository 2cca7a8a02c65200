import { json, makeHandler } from '../http/handler';

export const handler = makeHandler('health', {
  'GET /v1/health': async (_req, deps) =>
    json(200, { status: 'ok', service: 'shishi', time: deps.now().toISOString() }),
});
