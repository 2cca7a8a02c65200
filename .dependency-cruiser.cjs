/**
 * The layout's one-way dependencies (DESIGN.md §5, docs/decisions/0001-layout-and-boundaries.md),
 * checked on resolved paths by `npm run lint` (`depcruise`). Each rule names what it keeps.
 * test/boundaries.test.ts proves that a violating import fails.
 */
const TESTS = '(^test/|[.]test[.]tsx?$|/testing[.]tsx?$|[.]fixtures[.]ts$|[.]bench[.]ts$)';
const OURS = '^(api|domain|xlsx|functions|addin|infra|test)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'domain/ imports nothing of ours: it is shared by everything.',
      severity: 'error',
      from: { path: '^domain/', pathNot: TESTS },
      to: { path: OURS, pathNot: '^domain/' },
    },
    {
      name: 'api-imports-domain-only',
      comment:
        'api/ is the contract: it imports domain/ only, so the CLI, the pane and the handlers can all import it.',
      severity: 'error',
      from: { path: '^api/', pathNot: TESTS },
      to: { path: OURS, pathNot: '^(api|domain)/' },
    },
    {
      name: 'xlsx-imports-domain-only',
      comment: 'xlsx/ (the xlsx <-> grid conversion) is shared by the server and the browser preview.',
      severity: 'error',
      from: { path: '^xlsx/', pathNot: TESTS },
      to: { path: OURS, pathNot: '^(xlsx|domain)/' },
    },
    {
      name: 'functions-not-addin',
      comment: 'The backend never imports the add-in (run it as a program if you must).',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: '^addin/' },
    },
    {
      name: 'addin-not-functions',
      comment: 'The add-in never imports the backend: what both need lives in api/, domain/ or xlsx/.',
      severity: 'error',
      from: { path: '^addin/' },
      to: { path: '^functions/' },
    },
    {
      name: 'cli-is-a-leaf',
      comment:
        'The CLI uses the backend; nothing of the backend uses the CLI (shared words live in domain/).',
      severity: 'error',
      from: { path: '.', pathNot: `${TESTS}|^functions/cli/|^bin/` },
      to: { path: '^functions/cli/' },
    },
    {
      name: 'use-cases-below-http',
      comment:
        'Use cases, the store, workbook I/O, auth and operations know nothing of HTTP, handlers or the local runtime.',
      severity: 'error',
      from: { path: '^functions/(usecases|store|workbook|auth|ops)/', pathNot: TESTS },
      to: { path: '^functions/(http|handlers|local|cli)/' },
    },
    {
      name: 'handlers-not-local',
      comment: 'Handlers run on Lambda: the local runtime serves them, not the other way round.',
      severity: 'error',
      from: { path: '^functions/(handlers|http)/', pathNot: TESTS },
      to: { path: '^functions/(local|cli)/' },
    },
    {
      name: 'infra-reads-the-contract',
      comment:
        'infra/ reads the route table in api/ and names handler entry files by path; it imports no code of theirs.',
      severity: 'error',
      from: { path: '^infra/', pathNot: TESTS },
      to: { path: OURS, pathNot: '^(infra|api|domain)/' },
    },
    {
      name: 'sample-only-in-seeding-demo-tests',
      comment: 'Only seeding (functions/local/seed.ts), the demo and tests use the 2006 sample.',
      severity: 'error',
      from: {
        path: '.',
        pathNot: `${TESTS}|^domain/sample/|^functions/local/seed[.]ts$|^functions/cli/(commands/)?demo`,
      },
      to: { path: '^domain/sample/' },
    },
    {
      name: 'nothing-imports-test',
      comment: 'test/ holds tests, fixtures and benchmarks: only they import it.',
      severity: 'error',
      from: { path: '.', pathNot: TESTS },
      to: { path: '^test/' },
    },
    {
      name: 'no-circular',
      comment:
        'Cycles make the layers meaningless (a cycle through a type-only import is harmless at run time).',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|cdk[.]out|coverage|out)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] },
  },
};
