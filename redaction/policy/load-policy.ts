/**
 * @module
 * Reads a policy from YAML or JSON and checks it field by field. Every error
 * names the file, line and field, so an office can fix its policy without
 * reading code.
 *
 * ```ts
 * const policy = loadPolicy('office-policy.yaml');
 * if (!policy.ok) console.error(formatProblem(policy.problem));
 * ```
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';
import type { Document as YamlDocument } from 'yaml';
import { fail, ok } from '../../pipeline/problems.ts';
import type { Result } from '../../pipeline/problems.ts';
import type { Action } from '../../pipeline/model/types.ts';
import { categories, isCategory } from './categories.ts';
import type { CategoryKey } from './categories.ts';
import type { AllowEntry, CategoryRule, DenyEntry, Exemption, Policy } from './types.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_POLICY_PATH = join(here, 'us-foia.yaml');
const ACTIONS: readonly Action[] = ['redact', 'review', 'keep'];
const PUBLIC_CATEGORIES: readonly CategoryKey[] = ['public.role', 'public.office-contact', 'public.court-record'];
const TOP_KEYS = ['name', 'jurisdiction', 'threshold', 'exemptions', 'categories', 'deny', 'allow'];

type Path = (string | number)[];

class PolicyError extends Error {
  path: Path;
  constructor(path: Path, message: string) {
    super(message);
    this.path = path;
  }
}

/** Loads the policy at `path`, or the built-in US FOIA policy when no path is given. */
export function loadPolicy(path?: string): Result<Policy> {
  const file = path ?? DEFAULT_POLICY_PATH;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return fail('policy.invalid', `The policy file ${file} could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  return parsePolicy(text, file);
}

let cachedDefault: Policy | undefined;

/** The built-in US FOIA policy. A broken built-in policy is a bug, so this throws. */
export function defaultPolicy(): Policy {
  if (!cachedDefault) {
    const loaded = loadPolicy();
    if (!loaded.ok) throw new Error(`built-in policy is invalid: ${loaded.problem.message}`);
    cachedDefault = { ...loaded.value, source: 'built-in' };
  }
  return cachedDefault;
}

/** Parses policy text; `.json` files must be strict JSON, anything else is read as YAML. */
export function parsePolicy(text: string, file: string): Result<Policy> {
  const lineCounter = new LineCounter();
  if (file.toLowerCase().endsWith('.json')) {
    try {
      JSON.parse(text);
    } catch (error) {
      return fail('policy.invalid', `${file}: not valid JSON: ${(error as Error).message}.`);
    }
  }
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = lineCounter.linePos(e.pos[0]).line;
    return fail('policy.invalid', `${file}:${line}: not valid YAML: ${e.message.split('\n')[0]}`);
  }
  try {
    return ok(validate(doc.toJS(), file));
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    const line = lineOf(doc, lineCounter, error.path);
    const field = error.path.length > 0 ? error.path.join('.') : '(top level)';
    return fail('policy.invalid', `${file}${line ? `:${line}` : ''}: ${field}: ${error.message}`);
  }
}

/** The line of the deepest node of `path` that exists in the document. */
function lineOf(doc: YamlDocument, lineCounter: LineCounter, path: Path): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    const range = (node as { range?: [number, number, number] } | null)?.range;
    if (range) return lineCounter.linePos(range[0]).line;
  }
  return undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function record(v: unknown, path: Path): Record<string, unknown> {
  if (!isRecord(v)) throw new PolicyError(path, 'must be a mapping of keys to values.');
  return v;
}

function text(v: unknown, path: Path): string {
  if (typeof v !== 'string' || v.trim() === '') throw new PolicyError(path, 'must be a non-empty string.');
  return v;
}

function optionalText(v: unknown, path: Path): string | undefined {
  return v === undefined ? undefined : text(v, path);
}

function onlyKeys(v: Record<string, unknown>, allowed: string[], path: Path): void {
  for (const key of Object.keys(v)) {
    if (!allowed.includes(key)) throw new PolicyError([...path, key], `unknown field; expected one of ${allowed.join(', ')}.`);
  }
}

function validate(raw: unknown, file: string): Policy {
  const top = record(raw, []);
  onlyKeys(top, TOP_KEYS, []);
  const threshold = top.threshold === undefined ? 0.5 : top.threshold;
  if (typeof threshold !== 'number' || threshold < 0 || threshold > 1) throw new PolicyError(['threshold'], 'must be a number from 0 to 1.');

  const exemptions: Record<string, Exemption> = {};
  for (const [key, value] of Object.entries(record(top.exemptions, ['exemptions']))) {
    const path = ['exemptions', key];
    const e = record(value, path);
    onlyKeys(e, ['code', 'label', 'description'], path);
    exemptions[key] = { code: text(e.code, [...path, 'code']), label: text(e.label, [...path, 'label']), description: text(e.description, [...path, 'description']) };
  }

  const rules: Partial<Record<CategoryKey, CategoryRule>> = {};
  for (const [key, value] of Object.entries(record(top.categories, ['categories']))) {
    const path = ['categories', key];
    if (!isCategory(key)) throw new PolicyError(path, `unknown category; known categories: ${Object.keys(categories).join(', ')}.`);
    const c = record(value, path);
    onlyKeys(c, ['action', 'exemption'], path);
    const action = c.action;
    if (typeof action !== 'string' || !ACTIONS.includes(action as Action)) throw new PolicyError([...path, 'action'], `must be one of ${ACTIONS.join(', ')}.`);
    const exemption = text(c.exemption, [...path, 'exemption']);
    if (!Object.hasOwn(exemptions, exemption)) throw new PolicyError([...path, 'exemption'], `"${exemption}" is not a key of exemptions (${Object.keys(exemptions).join(', ')}).`);
    rules[key] = { action: action as Action, exemption };
  }
  // public roles and document furniture came later: a policy written before them keeps them, as the default does
  for (const key of PUBLIC_CATEGORIES) {
    if (!Object.hasOwn(rules, key) && rules['personal.name']) rules[key] = { action: 'keep', exemption: rules['personal.name'].exemption };
  }
  const missing = Object.keys(categories).filter((k) => !Object.hasOwn(rules, k));
  if (missing.length > 0) throw new PolicyError(['categories'], `must map every category; missing: ${missing.join(', ')}.`);

  return {
    name: text(top.name, ['name']),
    jurisdiction: text(top.jurisdiction, ['jurisdiction']),
    source: file,
    threshold,
    exemptions,
    categories: rules as Record<CategoryKey, CategoryRule>,
    deny: list(top.deny, 'deny').map((v, i) => denyEntry(v, ['deny', i])),
    allow: list(top.allow, 'allow').map((v, i) => allowEntry(v, ['allow', i])),
  };
}

function list(v: unknown, key: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new PolicyError([key], 'must be a list.');
  return v;
}

function denyEntry(v: unknown, path: Path): DenyEntry {
  const e = record(v, path);
  onlyKeys(e, ['text', 'pattern', 'category', 'note'], path);
  const category = text(e.category, [...path, 'category']);
  if (!isCategory(category)) throw new PolicyError([...path, 'category'], `unknown category "${category}".`);
  const note = optionalText(e.note, [...path, 'note']);
  if ((e.text === undefined) === (e.pattern === undefined)) throw new PolicyError(path, 'needs exactly one of text or pattern.');
  if (e.text !== undefined) return { text: text(e.text, [...path, 'text']), category, ...(note ? { note } : {}) };
  const source = text(e.pattern, [...path, 'pattern']);
  let pattern: RegExp;
  try {
    pattern = new RegExp(source, 'giu');
  } catch (error) {
    throw new PolicyError([...path, 'pattern'], `is not a valid regular expression: ${(error as Error).message}.`);
  }
  if (pattern.test('')) throw new PolicyError([...path, 'pattern'], 'matches the empty string, which would match everywhere.');
  return { pattern, category, ...(note ? { note } : {}) };
}

function allowEntry(v: unknown, path: Path): AllowEntry {
  if (typeof v === 'string') return { text: text(v, path) };
  const e = record(v, path);
  onlyKeys(e, ['text', 'note'], path);
  const note = optionalText(e.note, [...path, 'note']);
  return { text: text(e.text, [...path, 'text']), ...(note ? { note } : {}) };
}
