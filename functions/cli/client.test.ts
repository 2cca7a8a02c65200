import { describe, expect, it } from 'vitest';
import { ApiClient } from './client';
import { NetworkError } from './errors';
import { closedPort } from './testing';

describe('the CLI client', () => {
  it('says so when nothing listens at the address', async () => {
    // Prepare
    const port = await closedPort();
    const client = new ApiClient({ baseUrl: `http://127.0.0.1:${port}` });

    // Act
    const error = (await client.health().catch((e: unknown) => e)) as NetworkError;

    // Assess
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.reason).toBe('ECONNREFUSED');
    expect(error.exitCode).toBe(3);
    expect(error.text.zh).toContain('无法连接到 API');
    expect(error.text.en).toContain(`Cannot reach the API at http://127.0.0.1:${port}`);
  });

  it('keeps its network error with another token', async () => {
    // Prepare
    const port = await closedPort();
    const client = new ApiClient({ baseUrl: `http://127.0.0.1:${port}` }).withToken('t');

    // Act
    const error = await client.health().catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(NetworkError);
  });
});
