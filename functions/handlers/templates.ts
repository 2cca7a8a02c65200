import { makeHandler } from '../http/handler';

// Routes of this group are being built (issue 4); until then they answer 404.
export const handler = makeHandler('templates', {});
