/**
 * A small strict XML parser for the offline manifest check: Node has no DOMParser, and the
 * manifest is small. It accepts what a manifest uses (prolog, comments, CDATA, elements,
 * attributes, the five named entities and character references) and reports anything else
 * as not well-formed, with the line and column. No DTDs.
 */

export interface XmlElement {
  /** The qualified name as written, e.g. `bt:Image`. */
  readonly name: string;
  /** The local name, e.g. `Image`. */
  readonly local: string;
  /** The namespace URI the prefix (or the default namespace) resolves to. */
  readonly ns: string | undefined;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** The concatenated text directly inside this element. */
  text: string;
  readonly line: number;
  readonly parent: XmlElement | undefined;
}

export class XmlSyntaxError extends Error {
  override name = 'XmlSyntaxError';
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${message} (line ${line}, column ${column})`);
  }
}

const NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?$/;
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

function decodeEntities(raw: string, at: () => [number, number]): string {
  return raw.replace(/&([^;&<]*);|&/g, (whole, ref: string | undefined) => {
    if (ref === undefined) {
      const [l, c] = at();
      throw new XmlSyntaxError('a bare "&" (write &amp;)', l, c);
    }
    switch (ref) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
    }
    const m = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(ref);
    if (m) {
      const cp = m[1] !== undefined ? Number.parseInt(m[1], 16) : Number(m[2]);
      if (cp > 0 && cp <= 0x10ffff) return String.fromCodePoint(cp);
    }
    const [l, c] = at();
    throw new XmlSyntaxError(`an unknown entity ${whole}`, l, c);
  });
}

/** Parses a document; throws `XmlSyntaxError` when it is not well-formed. */
export function parseXml(source: string): XmlElement {
  let i = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  const position = (at = i): [number, number] => {
    const before = source.slice(0, at);
    const line = before.split('\n').length;
    return [line, at - before.lastIndexOf('\n')];
  };
  const error = (message: string, at = i): never => {
    const [l, c] = position(at);
    throw new XmlSyntaxError(message, l, c);
  };

  if (source.startsWith('<?xml', i)) {
    const end = source.indexOf('?>', i);
    if (end < 0) error('an unterminated XML declaration');
    const decl = source.slice(i, end);
    if (!/^<\?xml\s+version\s*=\s*(["'])1\.[0-9]\1/.test(decl)) error('an XML declaration without a version');
    i = end + 2;
  }

  let root: XmlElement | undefined;
  const stack: Array<{ el: XmlElement; scope: Map<string, string> }> = [];
  let scope = new Map<string, string>([['xml', XML_NS]]);

  while (i < source.length) {
    const lt = source.indexOf('<', i);
    const textEnd = lt < 0 ? source.length : lt;
    if (textEnd > i) {
      const raw = source.slice(i, textEnd);
      const top = stack.at(-1);
      if (!top) {
        if (raw.trim() !== '') error('text outside the root element');
      } else {
        if (raw.includes(']]>')) error('"]]>" in text');
        const start = i;
        top.el.text += decodeEntities(raw, () => position(start));
      }
      i = textEnd;
      if (lt < 0) break;
    }
    if (source.startsWith('<!--', i)) {
      const end = source.indexOf('-->', i + 4);
      if (end < 0) error('an unterminated comment');
      if (source.slice(i + 4, end).includes('--')) error('"--" inside a comment');
      i = end + 3;
      continue;
    }
    if (source.startsWith('<![CDATA[', i)) {
      const top = stack.at(-1);
      if (!top) error('CDATA outside the root element');
      const end = source.indexOf(']]>', i);
      if (end < 0) error('an unterminated CDATA section');
      top!.el.text += source.slice(i + 9, end);
      i = end + 3;
      continue;
    }
    if (source.startsWith('<!', i)) error('a DTD or declaration (not allowed here)');
    if (source.startsWith('<?', i)) {
      const end = source.indexOf('?>', i);
      if (end < 0) error('an unterminated processing instruction');
      if (/^<\?xml[\s?]/i.test(source.slice(i, i + 6))) error('an XML declaration that is not at the start');
      i = end + 2;
      continue;
    }
    if (source.startsWith('</', i)) {
      const end = source.indexOf('>', i);
      if (end < 0) error('an unterminated end tag');
      const name = source.slice(i + 2, end).trim();
      const top = stack.pop();
      if (!top) error(`an end tag </${name}> without a start tag`);
      if (top!.el.name !== name) error(`</${name}> closes <${top!.el.name}> (line ${top!.el.line})`);
      scope = stack.at(-1)?.scope ?? new Map([['xml', XML_NS]]);
      i = end + 1;
      continue;
    }
    // A start tag.
    const tagStart = i;
    i++;
    const nameMatch = /^[^\s/>]+/.exec(source.slice(i));
    if (!nameMatch) error('a "<" that starts no tag (write &lt;)');
    const name = nameMatch![0];
    if (!NAME.test(name)) error(`an invalid element name "${name}"`);
    i += name.length;
    const rawAttrs: Array<[string, string, number]> = [];
    let selfClosing = false;
    for (;;) {
      const ws = /^\s*/.exec(source.slice(i))![0];
      i += ws.length;
      if (i >= source.length) error(`an unterminated start tag <${name}>`, tagStart);
      if (source.startsWith('/>', i)) {
        selfClosing = true;
        i += 2;
        break;
      }
      if (source[i] === '>') {
        i++;
        break;
      }
      if (!ws) error(`no space before an attribute in <${name}>`);
      const m = /^([^\s=/>]+)\s*=\s*(["'])/.exec(source.slice(i));
      if (!m) error(`a malformed attribute in <${name}>`);
      const attrName = m![1]!;
      if (!NAME.test(attrName)) error(`an invalid attribute name "${attrName}"`);
      const quote = m![2]!;
      const valueStart = i + m![0].length;
      const valueEnd = source.indexOf(quote, valueStart);
      if (valueEnd < 0) error(`an unterminated attribute value in <${name}>`);
      const rawValue = source.slice(valueStart, valueEnd);
      if (rawValue.includes('<')) error(`a "<" in the value of ${attrName}`, valueStart);
      if (rawAttrs.some(([n]) => n === attrName)) error(`a repeated attribute ${attrName} in <${name}>`);
      rawAttrs.push([attrName, decodeEntities(rawValue, () => position(valueStart)), valueStart]);
      i = valueEnd + 1;
    }
    const elScope = new Map(scope);
    for (const [n, v] of rawAttrs) {
      if (n === 'xmlns') elScope.set('', v);
      else if (n.startsWith('xmlns:')) elScope.set(n.slice(6), v);
    }
    const resolvePrefix = (qname: string, isAttr: boolean): string | undefined => {
      const colon = qname.indexOf(':');
      if (colon < 0) return isAttr ? undefined : elScope.get('');
      const prefix = qname.slice(0, colon);
      if (prefix === 'xmlns') return undefined;
      const uri = elScope.get(prefix);
      if (uri === undefined) error(`an undeclared namespace prefix "${prefix}:"`, tagStart);
      return uri;
    };
    const attrs: Record<string, string> = {};
    for (const [n, v] of rawAttrs) {
      resolvePrefix(n, true);
      attrs[n] = v;
    }
    const parent = stack.at(-1)?.el;
    const [line] = position(tagStart);
    const el: XmlElement = {
      name,
      local: name.includes(':') ? name.slice(name.indexOf(':') + 1) : name,
      ns: resolvePrefix(name, false),
      attrs,
      children: [],
      text: '',
      line,
      parent,
    };
    if (parent) parent.children.push(el);
    else if (root) error('a second root element', tagStart);
    else root = el;
    if (!selfClosing) {
      stack.push({ el, scope: elScope });
      scope = elScope;
    }
  }
  if (stack.length) error(`<${stack.at(-1)!.el.name}> (line ${stack.at(-1)!.el.line}) is never closed`);
  if (!root) error('no root element');
  return root!;
}

/** Every element below `el` (depth first, document order), `el` included. */
export function* descendants(el: XmlElement): Generator<XmlElement> {
  yield el;
  for (const c of el.children) yield* descendants(c);
}

/** Escapes text for an attribute value or element content. */
export function escapeXml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
