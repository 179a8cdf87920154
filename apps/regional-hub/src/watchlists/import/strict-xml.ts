import { ValidationFailed } from '@cix/contracts';

/** An element of a document read by parseStrictXml: its name, direct text (trimmed), children, line. */
export interface XmlElement {
  readonly name: string;
  readonly line: number;
  readonly children: XmlElement[];
  text: string;
}

export interface XmlLimits {
  readonly maxDepth: number;
  readonly maxElements: number;
  /** Longest text of one element, in characters. */
  readonly maxText: number;
}

const DEFAULT_LIMITS: XmlLimits = { maxDepth: 8, maxElements: 500_000, maxText: 4000 };

/**
 * A 400 that names where the document went wrong, so the sender can fix the file: `rule` and
 * `params` (line, element path, limit, …) let the console and `cix` say it in the reader's language.
 */
export const refuse = (line: number, field: string, rule: string, message: string, params: Record<string, string | number> = {}): ValidationFailed =>
  new ValidationFailed([
    {
      field: `line ${line}${field ? ` ${field}` : ''}`,
      rule,
      message: `line ${line}: ${message}`,
      params: { line, ...(field ? { path: field } : {}), ...params },
    },
  ]);

/** The line of each position, by binary search over the newline offsets. */
export function lineFinder(text: string): (at: number) => number {
  const breaks: number[] = [];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) breaks.push(i);
  return (at) => {
    let lo = 0;
    let hi = breaks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (breaks[mid] < at) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
}

// C0 controls other than tab and line breaks (NUL first among them: PostgreSQL refuses it), lone
// surrogates, and U+FFFD, which is what a decoder makes of bytes that are not UTF-8: the file is
// refused rather than screened garbled.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\uFFFD/;

/** Refuses NUL, lone surrogates and undecodable bytes anywhere in an uploaded text, naming the line. */
export function refuseForbiddenCharacters(text: string, field = ''): void {
  const m = FORBIDDEN.exec(text);
  if (!m) return;
  const line = lineFinder(text)(m.index);
  const c = m[0].charCodeAt(0);
  const what =
    c === 0
      ? 'a NUL character'
      : c < 0x20
        ? `control character U+${c.toString(16).padStart(4, '0')}`
        : c === 0xfffd
          ? 'bytes that are not UTF-8'
          : 'a lone surrogate (not valid Unicode)';
  throw refuse(line, field, c === 0 ? 'nul' : c < 0x20 ? 'noControlChars' : 'encoding', `${what} is not accepted`);
}

const NAME = /^[A-Za-z_][\w.:-]*/;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Text with the five predefined entities and character references resolved; anything else is refused. */
function decode(raw: string, line: number, field: string): string {
  return raw.replace(/&([^;&\s]{0,12});?/g, (m, ref: string) => {
    if (!m.endsWith(';')) throw refuse(line, field, 'entity', `a bare "&" must be written &amp;`);
    if (ref in PREDEFINED) return PREDEFINED[ref];
    const code = /^#x[0-9a-fA-F]{1,6}$/.test(ref) ? parseInt(ref.slice(2), 16) : /^#[0-9]{1,7}$/.test(ref) ? parseInt(ref.slice(1), 10) : -1;
    if (code < 0) throw refuse(line, field, 'entity', `entity &${ref}; is not defined (no DTD is read)`);
    if ((code < 0x20 && ![9, 10, 13].includes(code)) || (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff)
      throw refuse(line, field, code === 0 ? 'nul' : 'encoding', `character reference &${ref}; is not a permitted character`);
    return String.fromCodePoint(code);
  });
}

/**
 * A small, strict reader for data files of a known shape: elements, attributes (read and
 * discarded), text, CDATA, comments. No DOCTYPE, no entity declarations (so no expansion and no
 * external fetch), bounded depth, element count and text length; every refusal names the line.
 */
export function parseStrictXml(input: string, limits: XmlLimits = DEFAULT_LIMITS): XmlElement {
  refuseForbiddenCharacters(input);
  const text = input.replace(/^\uFEFF/, '');
  const lineAt = lineFinder(text);
  const stack: XmlElement[] = [];
  const path = () => stack.map((e) => e.name).join('/');
  let root: XmlElement | undefined;
  let elements = 0;
  let i = 0;
  const addText = (s: string, at: number) => {
    const top = stack.at(-1);
    if (!top) {
      if (s.trim()) throw refuse(lineAt(at), '', 'syntax', 'text outside the document element');
      return;
    }
    top.text += s;
    if (top.text.length > limits.maxText)
      throw refuse(lineAt(at), path(), 'tooLong', `text longer than ${limits.maxText} characters`, { limit: limits.maxText });
  };
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt < 0) {
      addText(decode(text.slice(i), lineAt(i), path()), i);
      break;
    }
    if (lt > i) addText(decode(text.slice(i, lt), lineAt(i), path()), i);
    const close = (marker: string, what: string) => {
      const end = text.indexOf(marker, lt);
      if (end < 0) throw refuse(lineAt(lt), path(), 'syntax', `unterminated ${what}`);
      return end + marker.length;
    };
    if (text.startsWith('<?', lt)) i = close('?>', 'processing instruction');
    else if (text.startsWith('<!--', lt)) i = close('-->', 'comment');
    else if (text.startsWith('<![CDATA[', lt)) {
      i = close(']]>', 'CDATA section');
      addText(text.slice(lt + 9, i - 3), lt);
    } else if (text.startsWith('<!', lt)) throw refuse(lineAt(lt), path(), 'doctype', 'DOCTYPE and entity declarations are not accepted');
    else if (text.startsWith('</', lt)) {
      const name = NAME.exec(text.slice(lt + 2, lt + 200))?.[0];
      i = close('>', 'end tag');
      const top = stack.pop();
      if (!name || !top || top.name !== name) throw refuse(lineAt(lt), path(), 'syntax', `end tag </${name ?? ''}> does not close <${top?.name ?? ''}>`);
      top.text = top.text.trim();
    } else {
      const name = NAME.exec(text.slice(lt + 1, lt + 200))?.[0];
      if (!name) throw refuse(lineAt(lt), path(), 'syntax', 'a "<" that starts no element');
      const end = tagEnd(text, lt);
      if (end < 0) throw refuse(lineAt(lt), path(), 'syntax', `unterminated tag <${name}`);
      const attrs = text.slice(lt + 1 + name.length, text[end - 1] === '/' ? end - 1 : end);
      if (!/^(\s+[A-Za-z_][\w.:-]*\s*=\s*("[^"<]*"|'[^'<]*'))*\s*$/.test(attrs))
        throw refuse(lineAt(lt), `${path()}/${name}`, 'syntax', `malformed attributes on <${name}>`);
      decode(attrs, lineAt(lt), `${path()}/${name}`);
      if (root && !stack.length) throw refuse(lineAt(lt), '', 'syntax', 'a second document element');
      if (++elements > limits.maxElements)
        throw refuse(lineAt(lt), path(), 'tooLarge', `more than ${limits.maxElements} elements`, { limit: limits.maxElements });
      if (stack.length >= limits.maxDepth)
        throw refuse(lineAt(lt), path(), 'tooDeep', `elements nested deeper than ${limits.maxDepth}`, { limit: limits.maxDepth });
      const el: XmlElement = { name, line: lineAt(lt), children: [], text: '' };
      stack.at(-1)?.children.push(el);
      root ??= el;
      if (text[end - 1] !== '/') stack.push(el);
      i = end + 1;
    }
  }
  if (stack.length) throw refuse(lineAt(text.length), path(), 'syntax', `<${stack.at(-1)!.name}> is never closed`);
  if (!root) throw refuse(1, '', 'syntax', 'no document element');
  return root;
}

/** The `>` that ends the tag starting at `lt`, outside quoted attribute values (-1 if none). */
function tagEnd(text: string, lt: number): number {
  let quote = '';
  for (let j = lt + 1; j < text.length; j++) {
    const c = text[j];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return j;
    else if (c === '<') return -1;
  }
  return -1;
}
