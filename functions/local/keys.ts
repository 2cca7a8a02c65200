/**
 * The local token issuer's signing keys, kept in `<dataDir>/keys/jwt.json` (mode 0600) so tokens
 * printed by one `npm start` still verify after a restart. The folder is 0700.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeys, type KeyPair } from '../auth/tokens';

export const keysFile = (dataDir: string) => join(dataDir, 'keys', 'jwt.json');

const isKeyPair = (v: unknown): v is KeyPair => {
  const k = v as Partial<KeyPair> | null;
  return (
    typeof k === 'object' &&
    k !== null &&
    typeof k.privateJwk === 'object' &&
    k.privateJwk !== null &&
    typeof k.privateJwk.d === 'string' &&
    typeof k.publicJwk === 'object' &&
    k.publicJwk !== null &&
    typeof k.publicJwk.x === 'string' &&
    k.publicJwk.d === undefined
  );
};

/** Reads the key pair from `dataDir`, or generates and saves one on first use. */
export async function loadOrCreateKeys(dataDir: string): Promise<KeyPair> {
  const file = keysFile(dataDir);
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (text !== undefined) {
    // What an earlier version (or a copy) left readable by others: the owner's only.
    chmodSync(join(dataDir, 'keys'), 0o700);
    chmodSync(file, 0o600);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!isKeyPair(parsed)) {
      throw new Error(
        `密钥文件无效：${file}（删除后重新启动会生成新密钥）/ Invalid key file: ${file} (delete it to generate new keys)`,
      );
    }
    return parsed;
  }
  const keys = await generateKeys();
  mkdirSync(join(dataDir, 'keys'), { recursive: true, mode: 0o700 });
  chmodSync(join(dataDir, 'keys'), 0o700);
  try {
    writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    // Another process wrote its keys first: use those.
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateKeys(dataDir);
    throw e;
  }
  chmodSync(file, 0o600);
  return keys;
}
