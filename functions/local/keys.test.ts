import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { SAMPLE_PLAN_2006 } from '../../domain/sample/plan2006';
import { createVerifier, issueToken } from '../auth/tokens';
import { keysFile, loadOrCreateKeys } from './keys';
import { localTokenSettings, sampleUsers } from './users';

describe('loadOrCreateKeys', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'shishi-keys-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('creates a key pair in keys/jwt.json, readable by its owner only', async () => {
    // Act
    const keys = await loadOrCreateKeys(dataDir);

    // Assess
    const file = join(dataDir, 'keys', 'jwt.json');
    expect(keysFile(dataDir)).toBe(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'keys')).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(keys);
    expect(keys.privateJwk.d).toEqual(expect.any(String));
    expect(keys.publicJwk.d).toBeUndefined();
    expect(keys.publicJwk.kid).toBe(keys.privateJwk.kid);
  });

  test('reuses the saved pair, so tokens from before a restart still verify', async () => {
    // Prepare
    const first = await loadOrCreateKeys(dataDir);
    const office = sampleUsers(SAMPLE_PLAN_2006)[0]!.principal;
    const token = await issueToken(first.privateJwk, office, localTokenSettings);

    // Act
    const second = await loadOrCreateKeys(dataDir);
    const verify = createVerifier({ ...localTokenSettings, publicJwk: JSON.stringify(second.publicJwk) });
    const verified = await verify(`Bearer ${token}`);

    // Assess
    expect(second).toEqual(first);
    expect(verified.ok).toBe(true);
  });

  test('keys an earlier version left readable by others become the owner’s only when read', async () => {
    // Prepare
    const saved = await loadOrCreateKeys(dataDir);
    chmodSync(join(dataDir, 'keys'), 0o755);
    chmodSync(keysFile(dataDir), 0o644);

    // Act
    const read = await loadOrCreateKeys(dataDir);

    // Assess
    expect(read).toEqual(saved);
    expect(statSync(join(dataDir, 'keys')).mode & 0o777).toBe(0o700);
    expect(statSync(keysFile(dataDir)).mode & 0o777).toBe(0o600);
  });

  test('another data folder gets other keys', async () => {
    // Prepare
    const otherDir = mkdtempSync(join(tmpdir(), 'shishi-keys-'));

    // Act
    const a = await loadOrCreateKeys(dataDir);
    const b = await loadOrCreateKeys(otherDir);

    // Assess
    expect(b.publicJwk.x).not.toBe(a.publicJwk.x);
    rmSync(otherDir, { recursive: true, force: true });
  });

  test('a damaged key file is reported, not silently replaced', async () => {
    // Prepare
    mkdirSync(join(dataDir, 'keys'));
    writeFileSync(keysFile(dataDir), '{"privateJwk":');

    // Act
    const attempt = loadOrCreateKeys(dataDir);

    // Assess
    await expect(attempt).rejects.toThrow(/密钥文件无效.*Invalid key file/);
    expect(readFileSync(keysFile(dataDir), 'utf8')).toBe('{"privateJwk":');
  });
});
