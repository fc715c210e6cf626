/**
 * Route handlers call a service (GUIDE.md): no module under routes/ reaches the
 * workspace store itself; the review service (`service.ts`), the accounts
 * service (`accounts.ts`) and the review modules beside them do.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const workspace = resolve(here, '../../workspace');

/** The modules a source file imports (static, re-exported or dynamic) that lie under pipeline/workspace. */
function workspaceImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const specifiers = [...source.matchAll(/\bfrom\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm)].map((m) => m[1] ?? m[2] ?? m[3]!);
  return specifiers.filter((s) => s.startsWith('.') && !relative(workspace, resolve(dirname(file), s)).startsWith('..'));
}

test('the scan sees a workspace import where there is one', () => {
  // The oracle first: the review service does import the store, and so must be caught.
  assert.ok(workspaceImports(join(here, '../service.ts')).some((s) => s.includes('workspace/store')));
});

test('the route modules import nothing from the workspace', () => {
  const routes = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  assert.ok(routes.length >= 9, `found ${routes.length} route modules`);
  for (const file of routes) assert.deepEqual(workspaceImports(join(here, file)), [], `routes/${file} imports the workspace; call a service instead`);
});
