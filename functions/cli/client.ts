/**
 * The CLI's client of the API (api/client.ts): a request that gets no answer ends the command
 * with exit code 3 and says how to start the local stack or pass `--api` (`NetworkError` of
 * ./errors.ts).
 */
import { type ApiClientOptions, ApiClient as Client } from '../../api/client';
import { NetworkError } from './errors';

export class ApiClient extends Client {
  constructor(options: ApiClientOptions) {
    super({ networkError: (url, reason) => new NetworkError(url, reason), ...options });
  }
}
