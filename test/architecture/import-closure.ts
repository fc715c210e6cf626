/**
 * @module
 * The modules a set of modules loads at run time, followed transitively through relative
 * imports: static imports, re-exports, dynamic `import('…')` and entry points started by URL
 * (`new URL('./x.mjs', import.meta.url)` for a worker or a child process). Types are erased
 * first (Node's own stripping), so `import type`, `export type` and imports whose every
 * specifier is a type do not count: they load no code that could judge anything.
 * Packages (bare specifiers) are outside the closure.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { init, parse } from 'es-module-lexer';

export interface Edge {
  from: string;
  to: string;
  how: 'static' | 'dynamic' | 'entry';
}

const CODE = /\.(ts|mts|mjs|js)$/;

/** The runtime source files under `dir` (relative to `root`), tests and type declarations left out. */
export function runtimeModules(root: string, dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(join(root, d), { withFileTypes: true })) {
      const rel = join(d, e.name);
      if (e.isDirectory()) walk(rel);
      else if (CODE.test(e.name) && !/\.test\.(ts|mjs|js)$/.test(e.name) && !/\.d\.(ts|mts)$/.test(e.name)) out.push(rel);
    }
  };
  walk(dir);
  return out.sort();
}

/** The runtime imports of one module (paths relative to `root`). Throws on a relative import that names no file. */
export async function runtimeImports(root: string, file: string): Promise<Edge[]> {
  await init;
  const source = readFileSync(join(root, file), 'utf8');
  const js = /\.m?ts$/.test(file) ? stripTypeScriptTypes(source) : source;
  const [imports] = parse(js, file);
  const edges: Edge[] = [];
  const add = (specifier: string, how: Edge['how']) => {
    if (!specifier.startsWith('.')) return;
    const target = relative(root, resolve(root, dirname(file), specifier));
    if (!existsSync(join(root, target))) throw new Error(`${file} imports ${specifier}, which is not a file`);
    edges.push({ from: file, to: target, how });
  };
  for (const im of imports) {
    if (im.d === -2) continue; // import.meta
    if (im.n === undefined) {
      // A dynamic import of a computed specifier could load anything: the closure would be a guess.
      if (im.d >= 0) throw new Error(`${file} imports a computed specifier (${js.slice(im.ss, im.se)}); the closure cannot follow it`);
      continue;
    }
    const statement = js.slice(im.ss, im.se);
    // Every specifier was a type: stripping leaves `import {   } from '…'`, which loads the module but uses nothing of it.
    if (im.d === -1 && /^import\s*\{\s*\}\s*from/.test(statement)) continue;
    add(im.n, im.d === -1 ? 'static' : 'dynamic');
  }
  for (const m of js.matchAll(/new\s+URL\(\s*(['"])(\.{1,2}\/[^'"]+)\1\s*,\s*import\.meta\.url\s*\)/g)) {
    if (CODE.test(m[2])) add(m[2], 'entry');
  }
  return edges;
}

/** Every module `roots` load at run time, with the chain of imports that reaches each (the first found). */
export async function closure(root: string, roots: string[]): Promise<Map<string, string[]>> {
  const reached = new Map<string, string[]>(roots.map((r) => [r, [r]]));
  const queue = [...roots];
  while (queue.length) {
    const file = queue.shift()!;
    for (const e of await runtimeImports(root, file)) {
      if (reached.has(e.to)) continue;
      reached.set(e.to, [...reached.get(file)!, e.to]);
      queue.push(e.to);
    }
  }
  return reached;
}
