/**
 * An offline check of the XML manifest, for what Microsoft's validator (which needs the
 * internet) would refuse and what this add-in relies on: well-formed XML, the schema's order
 * of OfficeApp's children, resource references, string lengths, https URLs, and one shared
 * runtime for the task pane and the custom functions.
 */
import { descendants, parseXml, type XmlElement, XmlSyntaxError } from './xml';

export interface ManifestProblem {
  /** Stable, for tests: `xml`, `order`, `missing`, `resid`, `length`, `https`, `runtime`… */
  readonly code: string;
  readonly message: string;
}

const OFFICE_NS = 'http://schemas.microsoft.com/office/appforoffice/1.1';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

/** OfficeApp's children in the order the schema (TaskPaneApp) requires them. */
export const OFFICE_APP_ORDER = [
  'Id',
  'Version',
  'ProviderName',
  'DefaultLocale',
  'DisplayName',
  'Description',
  'IconUrl',
  'HighResolutionIconUrl',
  'SupportUrl',
  'AppDomains',
  'Hosts',
  'Requirements',
  'DefaultSettings',
  'Permissions',
  'VersionOverrides',
] as const;

const REQUIRED = ['Id', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description'];
const PERMISSIONS = ['Restricted', 'ReadDocument', 'ReadAllDocument', 'WriteDocument', 'ReadWriteDocument'];

/** Elements whose `DefaultValue`/`Value` (with their Overrides) are URLs. */
const URL_ELEMENTS = new Set([
  'IconUrl',
  'HighResolutionIconUrl',
  'SupportUrl',
  'SourceLocation',
  'Image',
  'Url',
]);

const xsiType = (el: XmlElement): string | undefined => {
  for (const [k, v] of Object.entries(el.attrs)) if (k.endsWith(':type')) return v.replace(/^.*:/, '');
  return undefined;
};

const child = (el: XmlElement | undefined, local: string) => el?.children.find((c) => c.local === local);

/** The values a localizable element carries: its DefaultValue and each Override's Value. */
function values(el: XmlElement): string[] {
  const out: string[] = [];
  if (el.attrs.DefaultValue !== undefined) out.push(el.attrs.DefaultValue);
  for (const o of el.children)
    if (o.local === 'Override' && o.attrs.Value !== undefined) out.push(o.attrs.Value);
  return out;
}

export function checkManifest(xml: string): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const add = (code: string, message: string) => problems.push({ code, message });

  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (e) {
    if (e instanceof XmlSyntaxError) return [{ code: 'xml', message: `not well-formed XML: ${e.message}` }];
    throw e;
  }
  if (root.local !== 'OfficeApp' || root.ns !== OFFICE_NS) {
    add(
      'root',
      `the root element is <${root.name}> (${root.ns ?? 'no namespace'}), not OfficeApp in ${OFFICE_NS}`,
    );
    return problems;
  }
  if (root.attrs['xmlns:xsi'] !== XSI_NS && !Object.values(root.attrs).includes(XSI_NS))
    add('root', 'OfficeApp does not declare the xsi namespace');
  if (xsiType(root) !== 'TaskPaneApp')
    add('root', `OfficeApp's xsi:type is "${xsiType(root)}", not TaskPaneApp`);

  // The order of OfficeApp's children.
  let last = -1;
  const seen = new Set<string>();
  for (const c of root.children) {
    const at = (OFFICE_APP_ORDER as readonly string[]).indexOf(c.local);
    if (at < 0) {
      add('order', `<${c.name}> (line ${c.line}) is not a child OfficeApp may have`);
      continue;
    }
    if (seen.has(c.local)) add('order', `<${c.name}> (line ${c.line}) appears twice`);
    if (at < last)
      add(
        'order',
        `<${c.name}> (line ${c.line}) comes after <${OFFICE_APP_ORDER[last]}>; the schema wants it before`,
      );
    seen.add(c.local);
    last = Math.max(last, at);
  }
  for (const r of REQUIRED) if (!seen.has(r)) add('missing', `OfficeApp has no <${r}>`);

  const id = child(root, 'Id')?.text.trim();
  if (id !== undefined && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
    add('id', `Id "${id}" is not a GUID`);
  const version = child(root, 'Version')?.text.trim();
  if (version !== undefined && !/^\d{1,5}(\.\d{1,5}){0,3}$/.test(version))
    add('version', `Version "${version}" is not n.n.n.n`);
  const permissions = child(root, 'Permissions')?.text.trim();
  if (permissions !== undefined && !PERMISSIONS.includes(permissions))
    add('permissions', `Permissions "${permissions}" is not one of ${PERMISSIONS.join(', ')}`);
  const hosts = child(root, 'Hosts')?.children.map((h) => h.attrs.Name);
  if (hosts && !hosts.includes('Workbook')) add('host', 'Hosts does not list Workbook (Excel)');

  // Lengths of the top-level strings.
  const maxLength = (el: XmlElement | undefined, max: number, what: string) => {
    if (!el) return;
    for (const v of values(el))
      if ([...v].length > max)
        add('length', `${what} "${v.slice(0, 40)}…" is ${[...v].length} characters (max ${max})`);
  };
  maxLength(child(root, 'DisplayName'), 125, 'DisplayName');
  maxLength(child(root, 'Description'), 250, 'Description');

  // Every element with a DefaultValue should carry one; Overrides need a Locale.
  for (const el of descendants(root)) {
    if (el.local === 'Override' && (!el.attrs.Locale || el.attrs.Value === undefined))
      add('override', `<${el.name}> (line ${el.line}) needs Locale and Value`);
  }

  // URLs: https only.
  const checkUrl = (value: string, where: string) => {
    let u: URL | undefined;
    try {
      u = new URL(value);
    } catch {
      u = undefined;
    }
    if (!u) add('https', `${where}: "${value}" is not an absolute URL`);
    else if (u.protocol !== 'https:') add('https', `${where}: "${value}" is not https`);
  };
  for (const el of descendants(root)) {
    if (URL_ELEMENTS.has(el.local)) for (const v of values(el)) checkUrl(v, `<${el.name}> (line ${el.line})`);
    if (el.local === 'AppDomain') checkUrl(el.text.trim(), `<AppDomain> (line ${el.line})`);
  }

  // Resources.
  const overrides = [...descendants(root)].find((e) => e.local === 'VersionOverrides');
  const resources = child(overrides, 'Resources');
  const kinds = { Images: 'Image', Urls: 'Url', ShortStrings: 'String', LongStrings: 'String' } as const;
  const defined = new Map<string, keyof typeof kinds>();
  for (const [group, item] of Object.entries(kinds) as Array<[keyof typeof kinds, string]>) {
    for (const el of child(resources, group)?.children ?? []) {
      if (el.local !== item) {
        add('resource', `<${el.name}> (line ${el.line}) is not a ${item} but sits in ${group}`);
        continue;
      }
      const rid = el.attrs.id;
      if (!rid) {
        add('resource', `<${el.name}> (line ${el.line}) has no id`);
        continue;
      }
      if (defined.has(rid)) add('resource', `the resource id "${rid}" is defined twice`);
      defined.set(rid, group);
      if (rid.length > 32) add('length', `the resource id "${rid}" is longer than 32 characters`);
      if (el.attrs.DefaultValue === undefined) add('resource', `the resource "${rid}" has no DefaultValue`);
      const max = group === 'ShortStrings' ? 125 : group === 'LongStrings' ? 250 : 2048;
      for (const v of values(el))
        if ([...v].length > max)
          add('length', `the ${group} resource "${rid}" is ${[...v].length} characters (max ${max})`);
    }
  }
  /** What kind of resource each referencing element needs. */
  const expected = (el: XmlElement): ReadonlyArray<keyof typeof kinds> => {
    switch (el.local) {
      case 'Image':
        return ['Images'];
      case 'SourceLocation':
      case 'FunctionFile':
      case 'Runtime':
      case 'LearnMoreUrl':
        return ['Urls'];
      case 'Label':
      case 'Title':
      case 'Namespace':
        return ['ShortStrings'];
      case 'Description':
        return ['LongStrings', 'ShortStrings'];
      default:
        return ['Images', 'Urls', 'ShortStrings', 'LongStrings'];
    }
  };
  for (const el of descendants(root)) {
    const rid = el.attrs.resid;
    if (rid === undefined) continue;
    const kind = defined.get(rid);
    if (!kind) add('resid', `<${el.name}> (line ${el.line}) refers to "${rid}", which no resource defines`);
    else if (!expected(el).includes(kind))
      add(
        'resid',
        `<${el.name}> (line ${el.line}) refers to "${rid}", a ${kind} resource, not ${expected(el).join(' or ')}`,
      );
    if (rid.length > 32) add('length', `the resid "${rid}" is longer than 32 characters`);
  }

  // One shared runtime for the task pane and the custom functions.
  const all = [...descendants(root)];
  const runtimes = all.filter((e) => e.local === 'Runtime');
  const pane = all.find((e) => e.local === 'Action' && xsiType(e) === 'ShowTaskpane');
  const paneRes = child(pane, 'SourceLocation')?.attrs.resid;
  const functions = all.find((e) => e.local === 'ExtensionPoint' && xsiType(e) === 'CustomFunctions');
  const functionsPage = child(child(functions, 'Page'), 'SourceLocation')?.attrs.resid;
  const sets = all
    .filter((e) => e.local === 'Set' && e.parent?.parent?.parent === root)
    .map((e) => e.attrs.Name);
  if (!pane) add('runtime', 'no ShowTaskpane action opens the task pane');
  if (!functions) add('runtime', 'no CustomFunctions extension point');
  if (runtimes.length !== 1)
    add('runtime', `${runtimes.length} <Runtime> elements; one shared runtime expected`);
  const runtime = runtimes[0];
  if (runtime) {
    if (runtime.attrs.lifetime !== 'long')
      add('runtime', `the runtime's lifetime is "${runtime.attrs.lifetime ?? '(none)'}", not "long"`);
    if (pane && paneRes !== runtime.attrs.resid)
      add('runtime', `the task pane opens "${paneRes}", not the shared runtime "${runtime.attrs.resid}"`);
    if (functions && functionsPage !== runtime.attrs.resid)
      add(
        'runtime',
        `the custom functions' page is "${functionsPage}", not the shared runtime "${runtime.attrs.resid}"`,
      );
    if (!sets.includes('SharedRuntime')) add('runtime', 'the SharedRuntime requirement set is missing');
  }
  if (functions && !sets.includes('CustomFunctionsRuntime'))
    add('runtime', 'the CustomFunctionsRuntime requirement set is missing');
  if (functions) {
    for (const part of ['Script', 'Page', 'Metadata'])
      if (!child(child(functions, part), 'SourceLocation'))
        add('missing', `the CustomFunctions extension point has no ${part}/SourceLocation`);
    if (!child(functions, 'Namespace'))
      add('missing', 'the CustomFunctions extension point has no Namespace');
  }
  return problems;
}
