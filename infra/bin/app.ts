/**
 * The CDK app (`npm run synth`, `npm run deploy`; cdk.json runs it with tsx). Synthesizes offline:
 * the account and region come from the CLI's environment when it has credentials, and are left
 * open (account) or defaulted (region) otherwise; nothing is looked up.
 *
 * Context: `addinOrigin` (the add-in's https origin when not the CloudFront domain),
 * `cognitoDomainPrefix` (the hosted UI's prefix when not `shishi-<account>`), `servedTable` (a
 * table restored from a backup or to a point in time, to serve instead of the stack's own), and
 * `unitGroups` (unit ids to make Cognito groups `unit:<id>` for in the template, read by the
 * stack itself; not needed any more: the units' groups follow the published plan, made when it
 * is published — keep it only where an earlier deploy made groups with it), and `alarmEmail` (an
 * address the alarms are sent to; it must confirm the subscription).
 */
import { join } from 'node:path';
import { App } from 'aws-cdk-lib/core';
import { REPO_ROOT } from '../lib/shishi-function';
import { ShishiStack } from '../lib/shishi-stack';

const app = new App();
const context = (key: string): string | undefined => {
  const v: unknown = app.node.tryGetContext(key);
  return typeof v === 'string' && v.trim() !== '' ? v.trim().replace(/\/+$/, '') : undefined;
};
const addinOrigin = context('addinOrigin');
const cognitoDomainPrefix = context('cognitoDomainPrefix');
const servedTable = context('servedTable');
const alarmEmail = context('alarmEmail');

new ShishiStack(app, 'Shishi', {
  env: {
    ...(process.env.CDK_DEFAULT_ACCOUNT ? { account: process.env.CDK_DEFAULT_ACCOUNT } : {}),
    region: process.env.CDK_DEFAULT_REGION ?? process.env.AWS_REGION ?? 'us-east-1',
  },
  description: 'Shishi (实事): the district pledge tracker',
  addinAssetDir: join(REPO_ROOT, 'dist', 'addin'),
  ...(addinOrigin ? { addinOrigin } : {}),
  ...(cognitoDomainPrefix ? { cognitoDomainPrefix } : {}),
  ...(servedTable ? { servedTable } : {}),
  ...(alarmEmail ? { alarmEmail } : {}),
});

app.synth();
