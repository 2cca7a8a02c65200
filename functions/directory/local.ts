/**
 * The local stack's directory: the people live in the table (the use cases put them there), the
 * local sign-in lists them and the local issuer signs their tokens, so there is nothing to call.
 */
import { randomUUID } from 'node:crypto';
import type { Directory } from './port';

export const localDirectory: Directory = {
  kind: 'local',
  async createUser(person) {
    return {
      sub: `local:${person.org}:${randomUUID()}`,
      username: person.email ?? person.phone ?? person.name,
    };
  },
  async setEnabled() {},
  async ensureGroups() {},
};
