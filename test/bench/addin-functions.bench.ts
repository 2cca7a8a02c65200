/**
 * HTTP requests for 1,000 live custom-function cells (TARGET/PROGRESS/STATUS/VERDICT of one
 * recalculation), batched (addin/custom-functions/batch.ts: one GET /v1/status per tick and (year, asOf))
 * against unbatched (one request per cell), through the add-in's real HTTP client against a
 * local fake server that counts requests and answers a status computed by the domain.
 *
 * Options: --cells N (default 1000), --years N (default 1: years the cells ask for).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { StatusBatcher } from '../../addin/custom-functions/batch';
import { installCustomFunctionsDouble, makeStatusView } from '../../addin/custom-functions/testing';
import { ApiClient } from '../../api/client';
import type { StatusView } from '../../api/views';

const { values } = parseArgs({
  options: { cells: { type: 'string', default: '1000' }, years: { type: 'string', default: '1' } },
});
const CELLS = Number(values.cells);
const YEARS = Math.max(1, Number(values.years));

installCustomFunctionsDouble();
const body = JSON.stringify(makeStatusView('2006-06-30'));
let requests = 0;
const server = createServer((req, res) => {
  requests++;
  if (!req.url?.startsWith('/v1/status/')) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body);
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const { port } = server.address() as AddressInfo;
const api = new ApiClient({ baseUrl: `http://127.0.0.1:${port}`, token: () => 'bench-token' });

/** The cells: a mix of the four live functions over the plan's indicators. */
const pick = (i: number) => (v: StatusView) => {
  const ind = v.indicators[i % v.indicators.length]!;
  switch (i % 4) {
    case 0:
      return ind.target;
    case 1:
      return ind.progress;
    case 2:
      return ind.status;
    default:
      return v.verdict;
  }
};
const yearOf = (i: number) => 2006 + (i % YEARS);

async function run(label: string, cells: (i: number) => Promise<unknown>) {
  requests = 0;
  const t0 = performance.now();
  const answers = await Promise.all(Array.from({ length: CELLS }, (_, i) => cells(i)));
  const ms = performance.now() - t0;
  if (answers.some((a) => a === undefined)) throw new Error(`${label}: a cell got no answer`);
  return { label, requests, ms };
}

const batcher = new StatusBatcher({ api, token: () => 'bench-token' });
const batched = await run('batched', (i) => batcher.request(yearOf(i), undefined, pick(i)));
const unbatched = await run('unbatched', (i) => api.status(yearOf(i)).then(pick(i)));
server.close();

console.log(`Live custom functions: ${CELLS} cells, ${YEARS} year(s), one recalculation`);
for (const r of [batched, unbatched]) {
  console.log(
    `  ${r.label.padEnd(10)} ${String(r.requests).padStart(6)} HTTP requests  ${r.ms.toFixed(0).padStart(6)} ms`,
  );
}
console.log(
  `  ratio      ${(unbatched.requests / batched.requests).toFixed(0)}× fewer requests, ${(unbatched.ms / batched.ms).toFixed(1)}× faster`,
);
