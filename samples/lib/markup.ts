/**
 * @module
 * Reads a sample's one source text (`samples/source/*.md`): YAML front matter for the page
 * furniture and outputs, then Markdown-like blocks whose inline marks say what must be
 * redacted and what must stay. The same marks feed the PDF layout and the truth file, so the
 * two cannot disagree.
 *
 * Inline marks:
 * - `[[text|category|exemption]]`, `[[text|category|exemption|review]]`: must be redacted
 *   (or, with `review`, proposed for an approver).
 * - `{{text|category}}`: must stay extractable after redaction.
 * - `<br>`: forced line break; `<pagebreak>`: the rest of the block continues on a new page.
 *   Used inside a mark, they make a name break across a line end or a page.
 */
import { parse as parseYaml } from 'yaml';

export interface Span {
  start: number;
  end: number;
  kind: 'redact' | 'keep';
  category: string;
  exemption?: string;
  action?: 'redact' | 'review';
}

export interface Break {
  /** Offset of the first character that starts the new line or page. */
  at: number;
  kind: 'line' | 'page';
}

/** Plain text with its marks as offsets. */
export interface Inline {
  text: string;
  spans: Span[];
  breaks: Break[];
}

export type Block =
  | { kind: 'title'; inline: Inline }
  | { kind: 'heading'; inline: Inline }
  | { kind: 'paragraph'; inline: Inline; bullet: boolean }
  | { kind: 'lines'; lines: Inline[] }
  | { kind: 'table'; header: Inline[] | null; rows: Inline[][]; widths: number[] | null }
  | { kind: 'rule' }
  | { kind: 'space' }
  | { kind: 'pagebreak' };

export interface OutputSpec {
  file: string;
  kind: 'text-pdf' | 'scan-pdf' | 'tiff' | 'png' | 'jpeg';
  /** Pages of the report to include (1-based); all when absent. */
  pages?: number[];
  dpi?: number;
  /** Whether the image file records its DPI (PNG only; JPEG and TIFF always do). */
  recordDpi?: boolean;
  /** EXIF orientation to write (JPEG only); pixels are stored so that it displays upright. */
  orientation?: 1 | 3 | 6 | 8;
  noise?: number;
  blur?: number;
  quality?: number;
  /** Scanner background removal: grey levels at or above this become white. */
  whiten?: number;
  /** Bilevel (1-bit, CCITT G4) pages, as a fax or document scanner makes them. */
  bilevel?: boolean;
  /** A phone photo: colour, warm paper tint, uneven lighting. */
  photo?: boolean;
}

export interface Meta {
  id: string;
  title: string;
  description: string;
  author: string;
  font: 'times' | 'helvetica';
  size: number;
  landscape: boolean;
  letterhead: Inline[];
  banner: Inline | null;
  runningHead: Inline | null;
  footer: Inline | null;
  outputs: OutputSpec[];
}

export interface Source {
  meta: Meta;
  blocks: Block[];
}

const markPattern = /\[\[([^\]]+)\]\]|\{\{([^}]+)\}\}|<br>|<pagebreak>/g;

export function parseInline(source: string): Inline {
  let text = '';
  const spans: Span[] = [];
  const breaks: Break[] = [];
  let last = 0;
  const appendPlain = (plain: string) => {
    text += plain.replace(/\s+/g, ' ');
  };
  for (const match of source.matchAll(markPattern)) {
    appendPlain(source.slice(last, match.index));
    last = match.index + match[0].length;
    if (match[0] === '<br>' || match[0] === '<pagebreak>') {
      if (!text.endsWith(' ')) text += ' ';
      breaks.push({ at: text.length, kind: match[0] === '<br>' ? 'line' : 'page' });
      continue;
    }
    const redact = match[1] !== undefined;
    const [body, category, exemption, action] = (redact ? match[1] : match[2]).split('|');
    if (!category) throw new Error(`mark without a category: ${match[0]}`);
    if (redact && !exemption) throw new Error(`redact mark without an exemption: ${match[0]}`);
    const inner = parseInline(body);
    const start = text.length;
    for (const b of inner.breaks) breaks.push({ at: start + b.at, kind: b.kind });
    text += inner.text;
    spans.push(
      redact
        ? { start, end: text.length, kind: 'redact', category, exemption, action: action === 'review' ? 'review' : 'redact' }
        : { start, end: text.length, kind: 'keep', category },
    );
  }
  appendPlain(source.slice(last));
  // Trim while keeping offsets right.
  const lead = text.length - text.trimStart().length;
  const trimmed = text.trim();
  const shift = (n: number) => Math.min(Math.max(n - lead, 0), trimmed.length);
  return {
    text: trimmed,
    spans: spans.map((s) => ({ ...s, start: shift(s.start), end: shift(s.end) })),
    breaks: breaks.map((b) => ({ ...b, at: shift(b.at) })),
  };
}

function parseRow(line: string): string[] {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|(?![^[]*\]\])(?![^{]*\}\})/).map((c) => c.trim());
}

export function parseBlocks(body: string): Block[] {
  const blocks: Block[] = [];
  const lines = body.split('\n');
  let i = 0;
  let pendingWidths: number[] | null = null;
  while (i < lines.length) {
    const line = lines[i];
    const trimmed = line.trim();
    if (trimmed === '') {
      i++;
      continue;
    }
    const widths = /^<!--\s*widths:\s*([\d\s.]+)-->$/.exec(trimmed);
    if (widths) {
      pendingWidths = widths[1].trim().split(/\s+/).map(Number);
      i++;
      continue;
    }
    if (trimmed === '---') {
      blocks.push({ kind: 'rule' });
      i++;
    } else if (trimmed === '<pagebreak>') {
      blocks.push({ kind: 'pagebreak' });
      i++;
    } else if (trimmed === '<space>') {
      blocks.push({ kind: 'space' });
      i++;
    } else if (trimmed.startsWith('# ')) {
      blocks.push({ kind: 'title', inline: parseInline(trimmed.slice(2)) });
      i++;
    } else if (trimmed.startsWith('## ')) {
      blocks.push({ kind: 'heading', inline: parseInline(trimmed.slice(3)) });
      i++;
    } else if (trimmed.startsWith('|')) {
      const rows: string[][] = [];
      let header: string[] | null = null;
      while (i < lines.length && lines[i].trim().startsWith('|')) {
        const cells = parseRow(lines[i]);
        if (cells.every((c) => /^:?-+:?$/.test(c))) {
          header = rows.pop() ?? null;
        } else {
          rows.push(cells);
        }
        i++;
      }
      blocks.push({
        kind: 'table',
        header: header ? header.map(parseInline) : null,
        rows: rows.map((r) => r.map(parseInline)),
        widths: pendingWidths,
      });
      pendingWidths = null;
    } else if (trimmed.startsWith('> ') || trimmed === '>') {
      const group: Inline[] = [];
      while (i < lines.length && (lines[i].trim().startsWith('> ') || lines[i].trim() === '>')) {
        group.push(parseInline(lines[i].trim().slice(2)));
        i++;
      }
      blocks.push({ kind: 'lines', lines: group });
    } else {
      const bullet = trimmed.startsWith('- ');
      const parts = [bullet ? trimmed.slice(2) : trimmed];
      i++;
      while (i < lines.length && lines[i].trim() !== '' && !/^(#|\||>|- |---|<)/.test(lines[i].trim())) {
        parts.push(lines[i].trim());
        i++;
      }
      blocks.push({ kind: 'paragraph', inline: parseInline(parts.join(' ')), bullet });
    }
  }
  return blocks;
}

export function parseSource(source: string): Source {
  const front = /^---\n([\s\S]*?)\n---\n/.exec(source);
  if (!front) throw new Error('source has no front matter');
  const raw = parseYaml(front[1]) as Record<string, unknown>;
  const inlineOrNull = (v: unknown) => (typeof v === 'string' ? parseInline(v) : null);
  const meta: Meta = {
    id: String(raw.id),
    title: String(raw.title),
    description: String(raw.description ?? ''),
    author: String(raw.author ?? ''),
    font: raw.font === 'helvetica' ? 'helvetica' : 'times',
    size: Number(raw.size ?? 11),
    landscape: raw.landscape === true,
    letterhead: ((raw.letterhead as string[] | undefined) ?? []).map(parseInline),
    banner: inlineOrNull(raw.banner),
    runningHead: inlineOrNull(raw.runningHead),
    footer: inlineOrNull(raw.footer),
    outputs: (raw.outputs as OutputSpec[] | undefined) ?? [],
  };
  return { meta, blocks: parseBlocks(source.slice(front[0].length)) };
}
