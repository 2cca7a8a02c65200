/**
 * Who is signed in, read from the token's claims for display and for choosing the view only:
 * the server checks the token on every request. Claims as the API reads them: `role` and
 * `unit`, or Cognito groups (`office`, `leader`, `unit:<id>`).
 */
import { type Identity, identityFromClaims } from '../../api/roles';

/** What the pane knows of who is signed in. */
export type Principal = Identity;

function decodeClaims(token: string): Record<string, unknown> | undefined {
  const part = token.split('.')[1];
  if (!part) return undefined;
  try {
    const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
    const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    const json = new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
    const claims: unknown = JSON.parse(json);
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `office`, `leader`, `unit:labor` (the local stack's sample users). */
export function principalFromAs(as: string): Principal | undefined {
  if (as === 'office' || as === 'leader') return { role: as };
  if (as.startsWith('unit:') && as.length > 5) return { role: 'unit', unit: as.slice(5) };
  return undefined;
}

/**
 * The identity a token's claims name, read as the server reads them (api/roles.ts); the
 * signature is not checked here.
 *
 * @example principalFromToken(jwtWith({ role: 'unit', unit: 'labor' })) // → { role: 'unit', unit: 'labor' }
 */
export function principalFromToken(token: string): Principal | undefined {
  const c = decodeClaims(token);
  return c ? identityFromClaims(c) : undefined;
}
