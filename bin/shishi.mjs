#!/usr/bin/env node
// The `shishi` command (package.json "bin"): runs the TypeScript CLI through tsx's ESM loader,
// so `npx shishi …` works in a checkout without a build step.
import { register } from 'tsx/esm/api';

// `shishi status | head`: a reader that stops early is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

register();
const { run } = await import('../functions/cli/main.ts');
process.exitCode = await run(process.argv.slice(2));
