/**
 * The add-in's XML manifest (add-in only manifest, `TaskPaneApp` for Excel): the task pane and
 * the custom functions on one shared runtime, a 实事 group on the Home tab with a button that
 * opens the pane, zh-CN and en-US strings, icons, and every URL under one https base.
 *
 * `npm start` writes `dist/addin/manifest.xml` for `https://localhost:<SHISHI_ADDIN_PORT>`;
 * `npm run build:addin` writes it for `SHISHI_ADDIN_BASE_URL` (default https://localhost:3443).
 * `checkManifest` (check.ts) is the offline check the tests run on it.
 */
import { escapeXml } from './xml';

export interface ManifestOptions {
  /** Where the built add-in is served, e.g. `https://localhost:3443` (no trailing slash needed). */
  readonly baseUrl: string;
  /** The API's origin or URL (its origin goes in AppDomains); the base URL when omitted. */
  readonly apiUrl?: string;
  /** The Cognito hosted UI's domain (sign-in dialog), added to AppDomains when given. */
  readonly authDomain?: string;
  /** `1.2.3` or `1.2.3.4`; a three-part version gets `.0`. */
  readonly version: string;
}

/** Where a development build is served (`npm start`'s https origin), and the root `manifest.xml`'s base. */
export const DEFAULT_ADDIN_BASE_URL = 'https://localhost:3443';

/**
 * The manifest's options from the build's environment: SHISHI_ADDIN_BASE_URL (default
 * {@link DEFAULT_ADDIN_BASE_URL}), SHISHI_ADDIN_API_URL (default the base) and
 * VITE_SHISHI_COGNITO_DOMAIN (the hosted UI, when Cognito sign-in is built in).
 *
 * @example manifestOptionsFromEnv({}, '0.1.0') // → { baseUrl: 'https://localhost:3443', apiUrl: …, version: '0.1.0' }
 */
export function manifestOptionsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  version: string,
): ManifestOptions {
  const baseUrl = env.SHISHI_ADDIN_BASE_URL || DEFAULT_ADDIN_BASE_URL;
  return {
    baseUrl,
    apiUrl: env.SHISHI_ADDIN_API_URL || baseUrl,
    version,
    ...(env.VITE_SHISHI_COGNITO_DOMAIN ? { authDomain: env.VITE_SHISHI_COGNITO_DOMAIN } : {}),
  };
}

/** The add-in's identity: fixed, so a re-sideloaded manifest replaces the previous one. */
export const ADDIN_ID = '5c1a3e0e-7d1b-4b57-9a43-3b2f1d6e8a10';

/** Icon sizes the build emits as `assets/icon-<size>.png`. */
export const ICON_SIZES = [16, 32, 64, 80] as const;

/** The shared runtime's page: the task pane and the custom functions run in it. */
export const RUNTIME_RESID = 'Shishi.Taskpane.Url';

interface Localized {
  readonly en: string;
  readonly zh: string;
}

const STRINGS = {
  displayName: { en: 'Shishi 实事', zh: '实事' },
  description: {
    en: 'Report the progress of public pledges from your Excel worksheet, check it before sending, and see where each pledge stands.',
    zh: '在 Excel 进度报表中填报为民办实事的进展，报送前自动校验，并查看每件实事的状态。',
  },
  groupLabel: { en: 'Shishi', zh: '实事' },
  buttonLabel: { en: 'Progress report', zh: '进度报送' },
  buttonTooltip: {
    en: 'Open the Shishi pane: check this worksheet, submit it, and see the status of the pledges.',
    zh: '打开实事窗格：校验本报表、报送，并查看各项实事的状态。',
  },
  getStartedTitle: { en: 'Shishi is ready', zh: '实事加载项已就绪' },
  getStartedDescription: {
    en: 'Open Home → Shishi → Progress report to check and submit your worksheet.',
    zh: '点击 开始 → 实事 → 进度报送，校验并报送进度报表。',
  },
  functionsNamespace: { en: 'SHISHI', zh: 'SHISHI' },
} satisfies Record<string, Localized>;

function origin(url: string, what: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`${what} is not a URL: "${url}"`);
  }
  if (u.protocol !== 'https:') throw new Error(`${what} must use https (Office requires it): "${url}"`);
  return u.origin;
}

/** `0.1.0` → `0.1.0.0`; rejects anything that is not 1–4 numeric parts. */
export function manifestVersion(version: string): string {
  const core = version.split(/[-+]/)[0] ?? '';
  const parts = core.split('.');
  if (parts.length < 1 || parts.length > 4 || parts.some((p) => !/^\d{1,5}$/.test(p)))
    throw new Error(`not a version: "${version}"`);
  while (parts.length < 4) parts.push('0');
  return parts.join('.');
}

const attr = (s: string) => escapeXml(s);

function localized(tag: string, s: Localized, indent: string): string {
  return (
    `${indent}<${tag} DefaultValue="${attr(s.en)}">\n` +
    `${indent}  <Override Locale="zh-CN" Value="${attr(s.zh)}"/>\n` +
    `${indent}</${tag}>`
  );
}

function resString(id: string, s: Localized): string {
  return (
    `        <bt:String id="${id}" DefaultValue="${attr(s.en)}">\n` +
    `          <bt:Override Locale="zh-CN" Value="${attr(s.zh)}"/>\n` +
    '        </bt:String>'
  );
}

const icons = (indent: string) =>
  [16, 32, 80].map((s) => `${indent}<bt:Image size="${s}" resid="Shishi.Icon.${s}"/>`).join('\n');

export function generateManifest(opts: ManifestOptions): string {
  const base = origin(opts.baseUrl, 'baseUrl') + new URL(opts.baseUrl).pathname.replace(/\/+$/, '');
  const apiOrigin = origin(opts.apiUrl ?? opts.baseUrl, 'apiUrl');
  const appDomains = [
    ...new Set([
      apiOrigin,
      origin(opts.baseUrl, 'baseUrl'),
      ...(opts.authDomain ? [origin(opts.authDomain, 'authDomain')] : []),
    ]),
  ];
  const url = (path: string) => attr(`${base}/${path}`);

  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated by addin/manifest/generate.ts for ${escapeXml(base)}; do not edit by hand. -->
<OfficeApp xmlns="http://schemas.microsoft.com/office/appforoffice/1.1"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
           xmlns:bt="http://schemas.microsoft.com/office/officeappbasictypes/1.0"
           xmlns:ov="http://schemas.microsoft.com/office/taskpaneappversionoverrides"
           xsi:type="TaskPaneApp">
  <Id>${ADDIN_ID}</Id>
  <Version>${manifestVersion(opts.version)}</Version>
  <ProviderName>Shishi</ProviderName>
  <DefaultLocale>en-US</DefaultLocale>
${localized('DisplayName', STRINGS.displayName, '  ')}
${localized('Description', STRINGS.description, '  ')}
  <IconUrl DefaultValue="${url('assets/icon-32.png')}"/>
  <HighResolutionIconUrl DefaultValue="${url('assets/icon-64.png')}"/>
  <SupportUrl DefaultValue="${url('preview.html')}"/>
  <AppDomains>
${appDomains.map((d) => `    <AppDomain>${escapeXml(d)}</AppDomain>`).join('\n')}
  </AppDomains>
  <Hosts>
    <Host Name="Workbook"/>
  </Hosts>
  <Requirements>
    <Sets DefaultMinVersion="1.1">
      <Set Name="SharedRuntime" MinVersion="1.1"/>
      <Set Name="CustomFunctionsRuntime" MinVersion="1.1"/>
    </Sets>
  </Requirements>
  <DefaultSettings>
    <SourceLocation DefaultValue="${url('taskpane.html')}"/>
  </DefaultSettings>
  <Permissions>ReadWriteDocument</Permissions>
  <VersionOverrides xmlns="http://schemas.microsoft.com/office/taskpaneappversionoverrides" xsi:type="VersionOverridesV1_0">
    <Hosts>
      <Host xsi:type="Workbook">
        <Runtimes>
          <Runtime resid="${RUNTIME_RESID}" lifetime="long"/>
        </Runtimes>
        <AllFormFactors>
          <ExtensionPoint xsi:type="CustomFunctions">
            <Script>
              <SourceLocation resid="Shishi.Functions.Script.Url"/>
            </Script>
            <Page>
              <SourceLocation resid="${RUNTIME_RESID}"/>
            </Page>
            <Metadata>
              <SourceLocation resid="Shishi.Functions.Metadata.Url"/>
            </Metadata>
            <Namespace resid="Shishi.Functions.Namespace"/>
          </ExtensionPoint>
        </AllFormFactors>
        <DesktopFormFactor>
          <GetStarted>
            <Title resid="Shishi.GetStarted.Title"/>
            <Description resid="Shishi.GetStarted.Description"/>
            <LearnMoreUrl resid="Shishi.GetStarted.LearnMore"/>
          </GetStarted>
          <FunctionFile resid="${RUNTIME_RESID}"/>
          <ExtensionPoint xsi:type="PrimaryCommandSurface">
            <OfficeTab id="TabHome">
              <Group id="Shishi.Group">
                <Label resid="Shishi.Group.Label"/>
                <Icon>
${icons('                  ')}
                </Icon>
                <Control xsi:type="Button" id="Shishi.TaskpaneButton">
                  <Label resid="Shishi.Button.Label"/>
                  <Supertip>
                    <Title resid="Shishi.Button.Label"/>
                    <Description resid="Shishi.Button.Tooltip"/>
                  </Supertip>
                  <Icon>
${icons('                    ')}
                  </Icon>
                  <Action xsi:type="ShowTaskpane">
                    <TaskpaneId>Shishi.Taskpane</TaskpaneId>
                    <SourceLocation resid="${RUNTIME_RESID}"/>
                  </Action>
                </Control>
              </Group>
            </OfficeTab>
          </ExtensionPoint>
        </DesktopFormFactor>
      </Host>
    </Hosts>
    <Resources>
      <bt:Images>
${[16, 32, 80].map((s) => `        <bt:Image id="Shishi.Icon.${s}" DefaultValue="${url(`assets/icon-${s}.png`)}"/>`).join('\n')}
      </bt:Images>
      <bt:Urls>
        <bt:Url id="${RUNTIME_RESID}" DefaultValue="${url('taskpane.html')}"/>
        <bt:Url id="Shishi.Functions.Script.Url" DefaultValue="${url('functions.js')}"/>
        <bt:Url id="Shishi.Functions.Metadata.Url" DefaultValue="${url('functions.json')}">
          <bt:Override Locale="zh-CN" Value="${url('functions.zh-CN.json')}"/>
        </bt:Url>
        <bt:Url id="Shishi.GetStarted.LearnMore" DefaultValue="${url('preview.html')}"/>
      </bt:Urls>
      <bt:ShortStrings>
${resString('Shishi.Group.Label', STRINGS.groupLabel)}
${resString('Shishi.Button.Label', STRINGS.buttonLabel)}
${resString('Shishi.GetStarted.Title', STRINGS.getStartedTitle)}
${resString('Shishi.Functions.Namespace', STRINGS.functionsNamespace)}
      </bt:ShortStrings>
      <bt:LongStrings>
${resString('Shishi.Button.Tooltip', STRINGS.buttonTooltip)}
${resString('Shishi.GetStarted.Description', STRINGS.getStartedDescription)}
      </bt:LongStrings>
    </Resources>
  </VersionOverrides>
</OfficeApp>
`;
}
