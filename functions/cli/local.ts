/**
 * What the CLI finds of the one-machine stack (`npm start`) in its data directory: the API's
 * address (`local.json`) and the token signing keys (`keys/jwt.json`), so that a newcomer can
 * run commands without copying tokens. Tokens minted here only verify on that local stack.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Principal } from '../../api/roles';
import type { Person } from '../../api/views';
import type { Plan } from '../../domain/plan';
import { issueToken, type KeyPair } from '../auth/tokens';
import { readLocalInfo } from '../local/info';
import { keysFile } from '../local/keys';
import { SEED_ALL_PLANS, SEED_PLAN } from '../local/seed';
import { type As, AsError, localTokenSettings, parseAs, type SampleUser, userFor } from '../local/users';
import { LocalStackError, UsageError } from './errors';

export const DEFAULT_API_URL = 'http://127.0.0.1:3000';

export { dataDir } from '../local/paths';

/** `--api`, else SHISHI_API_URL, else the running local stack's address, else port 3000. */
export function resolveApiUrl(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  dir: string,
): string {
  const url = flag ?? env.SHISHI_API_URL ?? readLocalInfo(dir)?.apiUrl ?? DEFAULT_API_URL;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`API 地址无效："${url}"`, `Not a valid API URL: "${url}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UsageError(
      `API 地址应以 http:// 或 https:// 开头："${url}"`,
      `The API URL must be http(s): "${url}"`,
    );
  }
  return url;
}

/** The table `npm start` serves by default. */
export const DEFAULT_LOCAL_TABLE = 'shishi';

/**
 * The local stack's DynamoDB: `--endpoint`, else the one the running stack recorded in
 * local.json; the table: `--table`, else the stack's, else `shishi`.
 */
export function resolveLocalDatabase(
  endpointFlag: string | undefined,
  tableFlag: string | undefined,
  dir: string,
): { endpoint: string; tableName: string } {
  const info = readLocalInfo(dir);
  const endpoint = endpointFlag ?? info?.dynamoEndpoint;
  if (!endpoint) {
    throw new LocalStackError(
      `找不到本地数据库的地址：本地栈没有在运行（${resolve(dir, 'local.json')} 中没有 dynamoEndpoint）。请先运行 npm start（与本命令使用同一个 SHISHI_DATA_DIR），或用 --endpoint 指定 DynamoDB Local 的地址。`,
      `Cannot find the local database: the local stack is not running (no dynamoEndpoint in ${resolve(dir, 'local.json')}). Run npm start first (with the same SHISHI_DATA_DIR), or pass DynamoDB Local's address with --endpoint.`,
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(endpoint);
  } catch {
    throw new UsageError(`数据库地址无效："${endpoint}"`, `Not a valid database address: "${endpoint}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UsageError(
      `数据库地址应以 http:// 或 https:// 开头："${endpoint}"`,
      `The database address must be http(s): "${endpoint}"`,
    );
  }
  const tableName = tableFlag ?? info?.tableName ?? DEFAULT_LOCAL_TABLE;
  checkTableName(tableName);
  return { endpoint, tableName };
}

/** DynamoDB's rule for table names. */
export function checkTableName(name: string): void {
  if (!/^[A-Za-z0-9_.-]{3,255}$/.test(name)) {
    throw new UsageError(
      `表名应为 3–255 个字母、数字或 _.-（收到 "${name}"）`,
      `A table name is 3–255 letters, digits or _.- (got "${name}")`,
    );
  }
}

/** The local stack's signing keys; never creates them (they must be the running stack's). */
export function readLocalKeys(dir: string): KeyPair {
  const file = keysFile(dir);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new LocalStackError(
        `找不到本地签名密钥 ${file}：本地栈尚未启动过。请先运行 npm start（与本命令使用同一个 SHISHI_DATA_DIR），或用 --token / SHISHI_TOKEN 提供令牌。`,
        `No local signing keys at ${file}: the local stack has never started. Run npm start first (with the same SHISHI_DATA_DIR), or pass --token / SHISHI_TOKEN.`,
      );
    }
    throw new LocalStackError(
      `无法读取本地签名密钥 ${file}：${(e as Error).message}`,
      `Cannot read the local signing keys ${file}: ${(e as Error).message}`,
    );
  }
  try {
    const keys = JSON.parse(text) as KeyPair;
    if (typeof keys.privateJwk?.d !== 'string') throw new Error('no private key');
    return keys;
  } catch {
    throw new LocalStackError(
      `本地签名密钥文件无效：${file}`,
      `The local signing key file is not valid: ${file}`,
    );
  }
}

/**
 * The sample user for `as` in the first sample organisation's plan, or in sample organisation
 * `org`'s (what the local stack seeds). A unit that is not in the plan still gets a token, so the
 * server can say what is wrong with its report.
 */
export function principalFor(as: string, org?: string): Principal {
  const plan = org === undefined ? SEED_PLAN : SEED_ALL_PLANS.find((p) => p.organisation.id === org);
  if (!plan) {
    const known = SEED_ALL_PLANS.map((p) => p.organisation.id);
    throw new UsageError(
      `没有示例组织 ${org}（示例组织：${known.join('、')}）；其他组织请用 --token 或 SHISHI_TOKEN`,
      `No sample organisation ${org} (the sample organisations: ${known.join(', ')}); for another pass --token or SHISHI_TOKEN`,
    );
  }
  try {
    return userFor(plan, as).principal;
  } catch (e) {
    if (!(e instanceof AsError)) throw e;
    let parsed: As;
    try {
      parsed = parseAs(as);
    } catch (e2) {
      throw usageFrom(e2);
    }
    if (!parsed.startsWith('unit:')) throw usageFrom(e);
    const unit = parsed.slice(5);
    return {
      sub: `local:unit:${unit}`,
      role: 'unit',
      unit,
      org: plan.organisation.id,
      name: unit,
    };
  }
}

/** Signs a token for a sample user with the local stack's keys (12 hours). */
export async function mintLocalToken(dir: string, as: string, org?: string): Promise<string> {
  return mintToken(dir, principalFor(as, org));
}

/** Signs a token for `principal` with the local stack's keys (12 hours). */
export async function mintToken(dir: string, principal: Principal): Promise<string> {
  return issueToken(readLocalKeys(dir).privateJwk, principal, localTokenSettings);
}

/** What a person's token carries: subject, organisation, role, unit and name. */
export const principalOf = (p: Person): Principal => ({
  sub: p.sub,
  org: p.org,
  role: p.role,
  ...(p.unit ? { unit: p.unit } : {}),
  name: p.name,
});

/** How `--as` names a person's role: `office`, `leader` or `unit:<id>`. */
export const asOf = (p: Pick<Person, 'role' | 'unit'>): As =>
  p.role === 'unit' ? `unit:${p.unit ?? ''}` : p.role;

/** The sample person `as` of a sample organisation's plan (the first by default); a usage error if none. */
export function checkSampleUser(as: string, plan: Plan = SEED_PLAN): SampleUser {
  try {
    return userFor(plan, as);
  } catch (e) {
    throw usageFrom(e);
  }
}

/** `--as`: `office`, `leader` or `unit:<id>` of any unit; a usage error otherwise. */
export function asOption(as: string): As {
  try {
    return parseAs(as);
  } catch (e) {
    throw usageFrom(e);
  }
}

/** `AsError` messages read "中文 / English". */
function usageFrom(e: unknown): UsageError {
  const message = e instanceof Error ? e.message : String(e);
  const at = message.search(/\s?\/ (?=[A-Za-z])/);
  return at < 0
    ? new UsageError(message, message)
    : new UsageError(message.slice(0, at).trim(), message.slice(at).replace(/^\s?\/ /, ''));
}
