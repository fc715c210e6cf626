/**
 * @module
 * Request validation for the HTML routes and the JSON API, with Hono's
 * validator middleware. Each parser reads a plain record (a form or a JSON
 * body) and returns the typed value or a message; `form(...)` answers a bad
 * form with text, `json(...)` a bad body with `{ error }`, both with 400.
 */
import { validator } from 'hono/validator';
import type { Box, Decision } from '../../model/types.ts';
import type { Choice } from '../service.ts';

export const DOCUMENT_ID = /^d_[0-9a-f]{24}$/;
export const BATCH_ID = /^b_[0-9a-f]{24}$/;
export const REDACTION_ID = /^[A-Za-z0-9_.:-]{1,160}$/;
export const VALUE_KEY = /^v[0-9a-f]{16}$|^r:[A-Za-z0-9_.:-]{1,160}$/;

type Fields = Record<string, unknown>;
type Parser<T> = (fields: Fields) => T | string;

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN);

const choice: Parser<Choice> = (f) => ({ category: str(f.category), exemption: str(f.exemption), reason: str(f.reason) });
/** A decision; `back: "batch"` (forms on the batch values page) returns there instead of to the document. */
const decision: Parser<{ decision: Decision; back?: 'batch' }> = (f) => {
  const d = str(f.decision);
  if (d !== 'accepted' && d !== 'rejected') return 'The decision must be accepted or rejected.';
  return str(f.back) === 'batch' ? { decision: d, back: 'batch' } : { decision: d };
};

export const parse = {
  decision,
  choice,

  /** A drawn box: `page`, and `x0 y0 x1 y1` as form fields or `box: [x0, y0, x1, y1]` in JSON. */
  box: ((f) => {
    const box = (Array.isArray(f.box) ? f.box.map(num) : ['x0', 'y0', 'x1', 'y1'].map((k) => num(f[k]))) as Box;
    const page = num(f.page);
    if (!Number.isInteger(page) || box.length !== 4 || box.some((v) => !Number.isFinite(v))) return 'Give the page and the box as x0, y0, x1, y1 in points.';
    return { page, box, ...(choice(f) as Choice) };
  }) satisfies Parser<{ page: number; box: Box } & Choice>,

  /** Words selected in a page's text: `page`, `start`, `end` (offsets into that page's text). */
  mark: ((f) => {
    const [page, start, end] = [num(f.page), num(f.start), num(f.end)];
    if (![page, start, end].every(Number.isInteger)) return 'Select words in the text view first (page, start and end are needed).';
    return { page, start, end, ...(choice(f) as Choice) };
  }) satisfies Parser<{ page: number; start: number; end: number } & Choice>,

  phrase: ((f) => ({ text: str(f.text), ...(choice(f) as Choice) })) satisfies Parser<{ text: string } & Choice>,

  category: ((f) => {
    const d = decision(f);
    return typeof d === 'string' ? d : { category: str(f.category), ...d };
  }) satisfies Parser<{ category: string; decision: Decision }>,

  comment: ((f) => ({ comment: str(f.comment) })) satisfies Parser<{ comment: string }>,

  /** Claim for yourself (no field), for someone (`assignee`), or release (`release`). */
  assign: ((f) => ({ assignee: str(f.assignee).trim() || undefined, release: Boolean(str(f.release) || f.release === true) })) satisfies Parser<{ assignee?: string; release: boolean }>,
};

export function form<T>(parser: Parser<T>) {
  return validator('form', (value, c) => {
    const parsed = parser(value as Fields);
    return typeof parsed === 'string' ? c.text(parsed, 400) : parsed;
  });
}

export function json<T>(parser: Parser<T>) {
  return validator('json', (value, c) => {
    const parsed = parser((value ?? {}) as Fields);
    return typeof parsed === 'string' ? c.json({ error: parsed }, 400) : parsed;
  });
}

/** Ids in the URL: anything that does not look like one is a 404 before any lookup. */
export const documentParam = validator('param', (value, c) => {
  const { id, rid, key, fid } = value as Record<string, string | undefined>;
  if (!DOCUMENT_ID.test(id ?? '') || (rid !== undefined && !REDACTION_ID.test(rid)) || (fid !== undefined && !REDACTION_ID.test(fid)) || (key !== undefined && !VALUE_KEY.test(key))) {
    return c.req.path.startsWith('/api/') ? c.json({ error: 'Not found.' }, 404) : c.text('Not found.', 404);
  }
  return { id: id!, rid: rid ?? '', key: key ?? '', fid: fid ?? '' };
});

/** A batch id (and value key) in the URL, checked the same way. */
export const batchParam = validator('param', (value, c) => {
  const { bid, key } = value as Record<string, string | undefined>;
  if (!BATCH_ID.test(bid ?? '') || (key !== undefined && !VALUE_KEY.test(key))) {
    return c.req.path.startsWith('/api/') ? c.json({ error: 'Not found.' }, 404) : c.text('Not found.', 404);
  }
  return { bid: bid!, key: key ?? '' };
});
