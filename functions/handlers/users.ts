import { isApiError } from '../../api/errors';
import { newPersonSchema, parseBody, personPatchSchema } from '../../api/schemas';
import { json, makeHandler } from '../http/handler';
import { addUser, listUsers, updateUser } from '../usecases/users';

export const handler = makeHandler('users', {
  'GET /v1/users': async (req, deps) => json(200, await listUsers(deps, req.principal!)),
  'POST /v1/users': async (req, deps) => {
    const input = parseBody(newPersonSchema, req.body);
    if (isApiError(input)) return input;
    const out = await addUser(deps, req.principal!, input);
    if (isApiError(out)) return out;
    return json(201, out.person, { location: `/v1/users/${encodeURIComponent(out.person.sub)}` });
  },
  'PATCH /v1/users/{sub}': async (req, deps) => {
    const patch = parseBody(personPatchSchema, req.body);
    if (isApiError(patch)) return patch;
    const out = await updateUser(deps, req.principal!, req.params.sub ?? '', patch);
    return isApiError(out) ? out : json(200, out);
  },
});
