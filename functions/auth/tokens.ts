/**
 * Bearer tokens: who is calling. On one machine a local issuer signs ES256 tokens for the
 * sample users; on AWS, Cognito issues them (groups `office`, `leader`, `unit:<id>`). Either
 * way the handler verifies signature, issuer, audience and expiry itself.
 */
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  jwtVerify,
  SignJWT,
} from 'jose';
import { type Principal, principalFromClaims } from '../../api/roles';
import { err, ok, type Result } from '../../domain/result';

export type AuthFailureCode =
  | 'auth.missing'
  | 'auth.invalid'
  | 'auth.expired'
  | 'auth.claims'
  | 'auth.disabled';

export interface AuthFailure {
  readonly code: AuthFailureCode;
  readonly detail: string;
}

export interface TokenSettings {
  readonly issuer: string;
  readonly audience: string;
}

export interface KeyPair {
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
}

const ALG = 'ES256';

/** A fresh signing key pair for the local token issuer. */
export async function generateKeys(): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
  const kid = `local-${Math.random().toString(36).slice(2, 10)}`;
  return {
    privateJwk: { ...(await exportJWK(privateKey)), alg: ALG, kid },
    publicJwk: { ...(await exportJWK(publicKey)), alg: ALG, kid, use: 'sig' },
  };
}

/** Signs a token for `principal` (local stack and tests only). */
export async function issueToken(
  privateJwk: JWK,
  principal: Principal,
  settings: TokenSettings,
  ttlSeconds = 12 * 3600,
): Promise<string> {
  const key = await importJWK(privateJwk, ALG);
  return new SignJWT({
    role: principal.role,
    org: principal.org,
    ...(principal.unit ? { unit: principal.unit } : {}),
    ...(principal.name ? { name: principal.name } : {}),
  })
    .setProtectedHeader({ alg: ALG, ...(privateJwk.kid ? { kid: privateJwk.kid } : {}) })
    .setSubject(principal.sub)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(key);
}

export type Verifier = (authorization: string | undefined) => Promise<Result<Principal, AuthFailure>>;

/** Builds the verifier once per cold start: a local public key, or Cognito's JWKS. */
export function createVerifier(settings: TokenSettings & { publicJwk?: string; jwksUrl?: string }): Verifier {
  const keys = settings.jwksUrl
    ? createRemoteJWKSet(new URL(settings.jwksUrl))
    : createLocalJWKSet({ keys: [JSON.parse(settings.publicJwk ?? '{}') as JWK] });
  return async (authorization) => {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '');
    if (!m) return err({ code: 'auth.missing', detail: 'no bearer token' });
    try {
      const { payload } = await jwtVerify(m[1]!, keys, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: ['ES256', 'RS256'],
        requiredClaims: ['exp', 'sub'],
      });
      const principal = principalFromClaims(payload);
      return principal
        ? ok(principal)
        : err({ code: 'auth.claims', detail: 'role, unit or district missing' });
    } catch (e) {
      if (e instanceof errors.JWTExpired) return err({ code: 'auth.expired', detail: e.message });
      return err({ code: 'auth.invalid', detail: e instanceof Error ? e.message : String(e) });
    }
  };
}
