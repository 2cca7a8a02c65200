/**
 * The API client of the add-in's session: the task pane and the custom functions both call the
 * API at the session's address with the signed-in user's token, read on every request (the
 * user may sign in, or the address change, after the client was made).
 */
import { ApiClient, type ApiClientOptions } from '../../api/client';
import type { Session } from './session';

export function apiForSession(
  s: Pick<Session, 'get' | 'token'>,
  options: Omit<ApiClientOptions, 'baseUrl' | 'token'> = {},
): ApiClient {
  return new ApiClient({ ...options, baseUrl: () => s.get().apiBaseUrl, token: s.token });
}
