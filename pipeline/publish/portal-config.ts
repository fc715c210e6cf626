/**
 * @module
 * The office's portal configuration (`daylight publish --config portal.yaml`): who
 * publishes, how to reach them, where to ask for more records, under which licence
 * the releases may be reused, and the titles, descriptions and dates of record that
 * an approver confirmed for releases and documents. YAML or JSON; every error names
 * the field. Without a confirmed title a release is "Release 2026-0001" and a
 * document "Release 2026-0001, document 3": never a file or batch name.
 *
 * ```yaml
 * title: City of Example Records
 * office: Office of Public Records, City of Example
 * contact: { name: Records Officer, email: records@example.gov, phone: "+1 555 0100" }
 * requests: { url: https://example.gov/foia/request, email: foia@example.gov }
 * licence: { name: Public domain (CC0 1.0), url: https://creativecommons.org/publicdomain/zero/1.0/ }
 * releases:
 *   "2026-0001":
 *     title: Parks budget papers, 2026
 *     description: Memos and plans behind the 2026 parks budget.
 *     dateOfRecord: 2026-03-31
 *     confirmedBy: ana            # an approver of the workspace
 *     documents:
 *       "1": { title: Gazebo repair memo, confirmedBy: ana }
 * ```
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { fail, ok } from '../problems.ts';
import type { Result } from '../problems.ts';

export interface Described {
  title?: string;
  description?: string;
  /** The date the records are about or were made (YYYY-MM-DD), as the approver confirmed it. */
  dateOfRecord?: string;
  /** The approver who confirmed it: a user of the workspace with the approver role. */
  confirmedBy: string;
}

export interface ReleaseMetadata extends Described {
  /** By document number in the release ("1", "2", …). */
  documents: Record<string, Described>;
}

export interface PortalConfig {
  title: string;
  office: string;
  contact: { name: string; email: string; phone?: string; url?: string };
  /** How to ask for records that are not here (a FOIA request). */
  requests?: { url?: string; email?: string; text?: string };
  licence: { name: string; url: string };
  /** By public release id ("2026-0001"). */
  releases: Record<string, ReleaseMetadata>;
}

/** What a portal says when the office has not configured a licence: reuse is governed by the office's terms. */
export const DEFAULT_LICENCE = { name: 'Public domain (CC0 1.0)', url: 'https://creativecommons.org/publicdomain/zero/1.0/' } as const;

const EMAIL = /^[\w.+-]+@[\w-]+(\.[\w-]+)+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

class ConfigError extends Error {}

export function loadPortalConfig(path: string): Result<Partial<PortalConfig>> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return fail('usage.invalid', `The portal configuration ${path} could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  try {
    return ok(checkPortalConfig(parse(text) ?? {}));
  } catch (error) {
    return fail('usage.invalid', `The portal configuration ${path} is not valid: ${(error as Error).message}`);
  }
}

/** Checks a parsed configuration; throws a message naming the field. Fields left out stay out (flags may fill them). */
export function checkPortalConfig(raw: unknown): Partial<PortalConfig> {
  const root = record(raw, 'the file');
  known(root, ['title', 'office', 'contact', 'requests', 'licence', 'license', 'releases'], '');
  const out: Partial<PortalConfig> = {};
  if (root.title !== undefined) out.title = text(root.title, 'title');
  if (root.office !== undefined) out.office = text(root.office, 'office');
  if (root.contact !== undefined) {
    const c = record(root.contact, 'contact');
    known(c, ['name', 'email', 'phone', 'url'], 'contact.');
    out.contact = { name: text(c.name, 'contact.name'), email: email(c.email, 'contact.email') };
    if (c.phone !== undefined) out.contact.phone = text(c.phone, 'contact.phone');
    if (c.url !== undefined) out.contact.url = url(c.url, 'contact.url');
  }
  if (root.requests !== undefined) {
    const r = record(root.requests, 'requests');
    known(r, ['url', 'email', 'text'], 'requests.');
    out.requests = {};
    if (r.url !== undefined) out.requests.url = url(r.url, 'requests.url');
    if (r.email !== undefined) out.requests.email = email(r.email, 'requests.email');
    if (r.text !== undefined) out.requests.text = text(r.text, 'requests.text');
    if (!out.requests.url && !out.requests.email) throw new ConfigError('requests needs a url or an email: where a person sends a request for records.');
  }
  const licence = root.licence ?? root.license;
  if (licence !== undefined) {
    const l = record(licence, 'licence');
    known(l, ['name', 'url'], 'licence.');
    out.licence = { name: text(l.name, 'licence.name'), url: url(l.url, 'licence.url') };
  }
  if (root.releases !== undefined) {
    out.releases = {};
    for (const [id, value] of Object.entries(record(root.releases, 'releases'))) {
      if (!/^\d{4}-\d{4,}$/.test(id)) throw new ConfigError(`releases."${id}" is not a release number such as "2026-0001" (the number the portal shows).`);
      const r = record(value, `releases."${id}"`);
      known(r, ['title', 'description', 'dateOfRecord', 'confirmedBy', 'documents'], `releases."${id}".`);
      const documents: Record<string, Described> = {};
      if (r.documents !== undefined) {
        for (const [n, d] of Object.entries(record(r.documents, `releases."${id}".documents`))) {
          if (!/^[1-9]\d*$/.test(n)) throw new ConfigError(`releases."${id}".documents."${n}" is not a document number (1, 2, …).`);
          const doc = record(d, `releases."${id}".documents."${n}"`);
          known(doc, ['title', 'description', 'dateOfRecord', 'confirmedBy'], `releases."${id}".documents."${n}".`);
          documents[n] = described(doc, `releases."${id}".documents."${n}"`);
        }
      }
      out.releases[id] = { ...described(r, `releases."${id}"`), documents };
    }
  }
  return out;
}

function described(r: Record<string, unknown>, where: string): Described {
  const d: Described = { confirmedBy: text(r.confirmedBy, `${where}.confirmedBy`) };
  if (r.title !== undefined) d.title = text(r.title, `${where}.title`);
  if (r.description !== undefined) d.description = text(r.description, `${where}.description`);
  if (r.dateOfRecord !== undefined) {
    const v = r.dateOfRecord instanceof Date ? r.dateOfRecord.toISOString().slice(0, 10) : text(r.dateOfRecord, `${where}.dateOfRecord`);
    if (!DATE.test(v) || Number.isNaN(Date.parse(v))) throw new ConfigError(`${where}.dateOfRecord must be a date such as 2026-03-31 (got "${v}").`);
    d.dateOfRecord = v;
  }
  return d;
}

function record(v: unknown, where: string): Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new ConfigError(`${where} must be a mapping of fields.`);
  return v as Record<string, unknown>;
}

function known(r: Record<string, unknown>, keys: string[], prefix: string): void {
  for (const k of Object.keys(r)) if (!keys.includes(k)) throw new ConfigError(`${prefix}${k} is not a known field (known: ${keys.join(', ')}).`);
}

function text(v: unknown, where: string): string {
  if (typeof v !== 'string' || v.trim() === '') throw new ConfigError(`${where} must be non-empty text.`);
  return v.trim();
}

function email(v: unknown, where: string): string {
  const s = text(v, where);
  if (!EMAIL.test(s)) throw new ConfigError(`${where} must be a plain address such as records@example.gov (got "${s}").`);
  return s;
}

function url(v: unknown, where: string): string {
  const s = text(v, where);
  if (!URL.canParse(s) || !/^https?:$/.test(new URL(s).protocol)) throw new ConfigError(`${where} must be an absolute http(s) URL (got "${s}").`);
  return s;
}
