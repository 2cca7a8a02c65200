import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { DEV_MANIFEST, devManifest } from '../build';
import { checkManifest, OFFICE_APP_ORDER } from './check';
import { generateManifest, manifestVersion, RUNTIME_RESID } from './generate';
import { parseXml, XmlSyntaxError } from './xml';

const LOCAL = { baseUrl: 'https://localhost:3443', version: '0.1.0' };
const codes = (xml: string) => checkManifest(xml).map((p) => p.code);

describe('the generated manifest', () => {
  test('passes the offline check, locally and for a deployed site', () => {
    // Act
    const local = generateManifest(LOCAL);
    const deployed = generateManifest({
      baseUrl: 'https://addin.example.gov.cn/shishi/',
      apiUrl: 'https://api.example.gov.cn/v1',
      version: '1.4.2',
    });

    // Assess
    expect(checkManifest(local)).toEqual([]);
    expect(checkManifest(deployed)).toEqual([]);
    expect(deployed).toContain('DefaultValue="https://addin.example.gov.cn/shishi/taskpane.html"');
    expect(deployed).toContain('<AppDomain>https://api.example.gov.cn</AppDomain>');
    expect(deployed).toContain('<Version>1.4.2.0</Version>');
  });

  test('lists the Cognito hosted UI in AppDomains when given one', () => {
    // Act
    const xml = generateManifest({
      ...LOCAL,
      authDomain: 'https://shishi.auth.cn-north-1.amazoncognito.com/',
    });

    // Assess
    expect(checkManifest(xml)).toEqual([]);
    expect(xml).toContain('<AppDomain>https://shishi.auth.cn-north-1.amazoncognito.com</AppDomain>');
    expect(generateManifest(LOCAL)).not.toContain('amazoncognito');
    expect(() => generateManifest({ ...LOCAL, authDomain: 'http://x.example' })).toThrow(/authDomain/);
  });

  test('is well-formed for the browser parser too, with the shared runtime and the zh-CN strings', () => {
    // Act
    const doc = new DOMParser().parseFromString(generateManifest(LOCAL), 'application/xml');

    // Assess
    expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
    const children = [...doc.documentElement.children].map((c) => c.localName);
    expect(children).toEqual(OFFICE_APP_ORDER.filter((n) => children.includes(n)));
    expect(doc.getElementsByTagName('Runtime')[0]?.getAttribute('resid')).toBe(RUNTIME_RESID);
    expect(doc.getElementsByTagName('Runtime')[0]?.getAttribute('lifetime')).toBe('long');
    const group = doc.querySelector('Group');
    expect(group?.parentElement?.getAttribute('id')).toBe('TabHome');
    const label = doc.querySelector(`[id="${group?.querySelector('Label')?.getAttribute('resid')}"]`);
    expect(label?.getAttribute('DefaultValue')).toBe('Shishi');
    expect(label?.firstElementChild?.getAttribute('Locale')).toBe('zh-CN');
    expect(label?.firstElementChild?.getAttribute('Value')).toBe('实事');
  });

  test('refuses a base URL that is not https', () => {
    expect(() => generateManifest({ ...LOCAL, baseUrl: 'http://localhost:3000' })).toThrow(/https/);
    expect(() => generateManifest({ ...LOCAL, version: 'one' })).toThrow(/version/);
    expect(manifestVersion('2.3')).toBe('2.3.0.0');
  });
});

describe('the offline check finds what is broken', () => {
  const good = generateManifest(LOCAL);

  test.each([
    [
      'not well-formed: an unclosed element',
      good.replace('</Hosts>\n  <Requirements>', '\n  <Requirements>'),
      'xml',
    ],
    [
      'not well-formed: a bare ampersand',
      good.replace('<ProviderName>Shishi', '<ProviderName>Shi & shi'),
      'xml',
    ],
    ['not well-formed: an undeclared prefix', good.replace('<bt:Images>', '<bx:Images>'), 'xml'],
    [
      'the schema order',
      good
        .replace(/ {2}<IconUrl [^\n]+\n/, '')
        .replace(
          '  <Permissions>',
          '  <IconUrl DefaultValue="https://localhost:3443/a.png"/>\n  <Permissions>',
        ),
      'order',
    ],
    ['a missing element', good.replace(/ {2}<ProviderName>[^\n]+\n/, ''), 'missing'],
    [
      'a resid nothing defines',
      good.replace('<Label resid="Shishi.Group.Label"/>', '<Label resid="Nope"/>'),
      'resid',
    ],
    [
      'a resid of the wrong kind',
      good.replace('<Label resid="Shishi.Group.Label"/>', '<Label resid="Shishi.Icon.16"/>'),
      'resid',
    ],
    [
      'a short string too long',
      good.replace('DefaultValue="Progress report"', `DefaultValue="${'x'.repeat(126)}"`),
      'length',
    ],
    [
      'a long string too long',
      good.replace(/(id="Shishi.Button.Tooltip" DefaultValue=")/, `$1${'长'.repeat(251)}`),
      'length',
    ],
    [
      'a DisplayName too long',
      good.replace('<DisplayName DefaultValue="', `<DisplayName DefaultValue="${'x'.repeat(126)}`),
      'length',
    ],
    [
      'a Description too long',
      good.replace('<Description DefaultValue="', `<Description DefaultValue="${'x'.repeat(251)}`),
      'length',
    ],
    [
      'an http URL',
      good.replace('https://localhost:3443/functions.json', 'http://localhost:3443/functions.json'),
      'https',
    ],
    ['an http AppDomain', good.replace('<AppDomain>https://', '<AppDomain>http://'), 'https'],
    ['a short-lived runtime', good.replace('lifetime="long"', 'lifetime="short"'), 'runtime'],
    [
      'the functions on another page',
      good.replace(/(<Page>\s*<SourceLocation resid=")[^"]+"/, '$1Shishi.GetStarted.LearnMore"'),
      'runtime',
    ],
    [
      'the pane on another page',
      good.replace(
        /(<TaskpaneId>Shishi.Taskpane<\/TaskpaneId>\s*<SourceLocation resid=")[^"]+"/,
        '$1Shishi.Functions.Script.Url"',
      ),
      'runtime',
    ],
    ['no SharedRuntime requirement', good.replace(/ *<Set Name="SharedRuntime"[^\n]+\n/, ''), 'runtime'],
    ['not a task pane app', good.replace('xsi:type="TaskPaneApp"', 'xsi:type="MailApp"'), 'root'],
    ['an Id that is not a GUID', good.replace(/<Id>[^<]+<\/Id>/, '<Id>shishi</Id>'), 'id'],
    ['a resource defined twice', good.replace(' id="Shishi.Icon.32"', ' id="Shishi.Icon.16"'), 'resource'],
  ])('%s', (_what, xml, code) => {
    // Act
    const found = codes(xml);

    // Assess
    expect(found).toContain(code);
  });
});

describe('the XML parser', () => {
  test('reads elements, namespaces, entities and CDATA', () => {
    // Act
    const root = parseXml(
      '<?xml version="1.0"?><!-- c --><a xmlns="urn:a" xmlns:b="urn:b"><b:c x="1 &amp; 2">t&lt;&#x4E00;<![CDATA[<raw>]]></b:c></a>',
    );

    // Assess
    expect(root.ns).toBe('urn:a');
    expect(root.children[0]?.ns).toBe('urn:b');
    expect(root.children[0]?.attrs.x).toBe('1 & 2');
    expect(root.children[0]?.text).toBe('t<一<raw>');
  });

  test.each([
    ['<a><b></a></b>'],
    ['<a x="1" x="2"/>'],
    ['<a/><b/>'],
    ['<a>&nbsp;</a>'],
    ['<a x=1/>'],
    ['<!DOCTYPE a><a/>'],
    ['<a>'],
    ['text<a/>'],
  ])('refuses %s', (xml) => {
    expect(() => parseXml(xml)).toThrow(XmlSyntaxError);
  });
});

describe('the development manifest at the repository root', () => {
  test('is what the generator makes for https://localhost:3443 (npm run manifest rewrites it)', () => {
    // Prepare / Act
    const kept = readFileSync(DEV_MANIFEST, 'utf8');
    // Assess
    expect(kept, 'manifest.xml is stale: run `npm run manifest`').toBe(devManifest());
    expect(kept).toContain('https://localhost:3443/taskpane.html');
    expect(checkManifest(kept)).toEqual([]);
  });
});
