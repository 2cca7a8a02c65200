/** The worker thread of `readWorkbookIsolated`: workbooks in, grids (or problems) out, one at a time. */
import { parentPort } from 'node:worker_threads';
import type { GuardLimits } from '../guard';
import { readWorkbook } from './read';

parentPort?.on('message', async (m: { id: number; bytes: Uint8Array; limits: GuardLimits }) => {
  const bytes = Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength);
  parentPort?.postMessage({ id: m.id, result: await readWorkbook(bytes, m.limits) });
});
