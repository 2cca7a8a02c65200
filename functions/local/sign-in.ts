/**
 * The local sign-in the pane offers on both of `npm start`'s origins, https and http (and the
 * browser preview of the tests): the active people of every organisation in the table, and a
 * token for one of them, signed with the local keys and carrying their subject, organisation,
 * role, unit and name — served as `GET /local/users` and `GET /local/token?as=…`
 * (`serveLocalSignIn`), to loopback clients with the sign-in code only.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JWK } from 'jose';
import type { Principal } from '../../api/roles';
import type { Person } from '../../api/views';
import { issueToken } from '../auth/tokens';
import type { Deps } from '../runtime';
import { localProblem, writeResult } from './guards';
import { localTokenSettings } from './users';

/** One entry of `GET /local/users`: `as` is the person's subject; `label` says who and where. */
export interface LocalSignInUser {
  readonly as: string;
  readonly name: string;
  readonly label: string;
}

const ROLE_LABEL: Readonly<Record<Person['role'], string>> = {
  office: '考核办',
  leader: '领导',
  city: '市考核办',
  unit: '报送',
};

export interface LocalSignIn {
  users(): Promise<LocalSignInUser[]>;
  /** A token for the active person `as` (a subject); undefined when there is none. */
  tokenFor(as: string): Promise<string | undefined>;
}

export function localSignIn(deps: Pick<Deps, 'store'>, privateJwk: JWK, ttlSeconds: number): LocalSignIn {
  /** Every organisation's active people, organisation by organisation, in the office's order. */
  async function people(): Promise<Array<{ person: Person; orgName: string; unitName?: string }>> {
    const out: Array<{ person: Person; orgName: string; unitName?: string }> = [];
    // Organisations by name, so the list reads the same on every start.
    const orgs = (await deps.store.listOrganisations()).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1,
    );
    for (const org of orgs) {
      const store = deps.store.forOrg(org.id);
      const years = await store.listPlans();
      const plan = years[0] ? await store.getPlan(years[0].year, 'latest') : undefined;
      const order = (p: Person) => (p.role === 'office' ? 0 : p.role === 'leader' ? 1 : 2);
      const units = plan?.plan.units ?? [];
      const unitIndex = (p: Person) => units.findIndex((u) => u.id === p.unit);
      const active = (await store.listPeople())
        .filter((p) => p.state === 'active')
        .sort(
          (a, b) =>
            order(a) - order(b) || unitIndex(a) - unitIndex(b) || a.createdAt.localeCompare(b.createdAt),
        );
      for (const person of active) {
        const unitName = units.find((u) => u.id === person.unit)?.name;
        out.push({ person, orgName: org.name, ...(unitName ? { unitName } : {}) });
      }
    }
    return out;
  }

  return {
    async users() {
      return (await people()).map(({ person: p, orgName, unitName }) => ({
        as: p.sub,
        name: p.name,
        label: `${p.name} · ${p.role === 'unit' ? (unitName ?? p.unit) : ROLE_LABEL[p.role]} · ${orgName}`,
      }));
    },
    async tokenFor(as) {
      // One read of the person per organisation, not the whole list with its plans.
      let found: Person | undefined;
      for (const org of await deps.store.listOrganisations()) {
        found = await deps.store.forOrg(org.id).getPerson(as);
        if (found) break;
      }
      if (found?.state !== 'active') return undefined;
      const principal: Principal = {
        sub: found.sub,
        org: found.org,
        role: found.role,
        ...(found.unit ? { unit: found.unit } : {}),
        name: found.name,
      };
      return issueToken(privateJwk, principal, localTokenSettings, ttlSeconds);
    },
  };
}

/** The local sign-in's two routes (`localSignIn` answers them from the table). */
export interface LocalSignInRoutes {
  users(): Promise<ReadonlyArray<{ readonly as: string; readonly name: string; readonly label?: string }>>;
  tokenFor(as: string): Promise<string | undefined>;
}

/** The request header the pane sends the sign-in code in (addin/auth/local-code.ts). */
export const SIGN_IN_CODE_HEADER = 'x-shishi-sign-in-code';

/**
 * A new sign-in code, made once per start: 192 random bits (crypto), 32 characters of base64url,
 * so that it fits a URL as it is.
 */
export const newSignInCode = (): string => randomBytes(24).toString('base64url');

/** Whether `given` is the sign-in code, compared in a time that does not tell how much matched. */
export function isSignInCode(given: string | undefined, code: string): boolean {
  if (given === undefined || code === '') return false;
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(code));
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

const noStore = { 'cache-control': 'no-store' };
const answer = (res: ServerResponse, status: number, body: unknown) =>
  writeResult(res, {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...noStore },
    body: JSON.stringify(body),
  });
const refused = (res: ServerResponse, status: number, code: string, zh: string, en: string) =>
  writeResult(res, localProblem(status, code, zh, en, noStore));

/**
 * Answers `/local/…` (the pane's local sign-in), on the https origin and the http one alike: GET
 * only, from this machine only, and only with the sign-in code `npm start` printed, in the
 * `x-shishi-sign-in-code` header — 401 without it, 403 with another; each refusal a problem
 * document in Chinese and English. The servers check the Host header before (421).
 */
export function serveLocalSignIn(
  req: IncomingMessage,
  res: ServerResponse,
  local: LocalSignInRoutes,
  code: string,
): void {
  const url = new URL(req.url ?? '/', 'https://localhost');
  req.resume();
  if (req.method !== 'GET' || !LOOPBACK.test(req.socket.remoteAddress ?? '')) {
    refused(
      res,
      403,
      'local.forbidden',
      '本地登录只接受本机发出的 GET 请求',
      'The local sign-in only answers GET requests from this machine',
    );
    return;
  }
  const given = req.headers[SIGN_IN_CODE_HEADER];
  if (typeof given !== 'string' || given.trim() === '') {
    refused(
      res,
      401,
      'local.codeMissing',
      '请输入登录码：npm start 启动时在终端中打印的那一串字符',
      'Enter the sign-in code: the one npm start printed in its terminal when it started',
    );
    return;
  }
  if (!isSignInCode(given.trim(), code)) {
    refused(
      res,
      403,
      'local.codeWrong',
      '登录码不正确：请使用本次 npm start 在终端中打印的登录码（每次启动都会更换）',
      'The sign-in code is wrong: use the one this npm start printed in its terminal (it changes on every start)',
    );
    return;
  }
  const failed = (e: unknown) =>
    refused(
      res,
      500,
      'local.signIn',
      `本地登录出错：${e instanceof Error ? e.message : String(e)}`,
      `The local sign-in failed: ${e instanceof Error ? e.message : String(e)}`,
    );
  if (url.pathname === '/local/users') {
    local.users().then((users) => answer(res, 200, users), failed);
    return;
  }
  if (url.pathname === '/local/token') {
    const as = url.searchParams.get('as') ?? '';
    local
      .tokenFor(as)
      .then(
        (token) =>
          token
            ? answer(res, 200, { as, token })
            : refused(
                res,
                404,
                'local.unknownUser',
                `没有在职人员 "${as.slice(0, 100)}"`,
                `No active person "${as.slice(0, 100)}"`,
              ),
        failed,
      );
    return;
  }
  refused(res, 404, 'local.notFound', '没有这个地址', 'Not found');
}
