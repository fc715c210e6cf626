/**
 * @module
 * Builds the portal from a release bundle: `astro build` on the project in `site/`,
 * then Pagefind over the output. Both run as child processes on this process's own
 * Node (24, via `process.execPath`), offline, with their output on our stderr
 * under the tool's name. The site is built into a fresh folder next to `outDir`
 * and swapped in only when both steps succeed, so a failed build leaves the
 * previous portal in place.
 *
 * ```ts
 * const built = await buildSite({ bundleDir, outDir: 'portal', siteUrl: 'https://records.example.gov/' });
 * ```
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail, ok } from '../problems.ts';
import type { Result } from '../problems.ts';

const require = createRequire(import.meta.url);
export const siteProject = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'site');
const astroBin = join(dirname(require.resolve('astro/package.json')), 'bin', 'astro.mjs');
// pagefind exports only its entry point (lib/index.js); its CLI runner sits beside it.
const pagefindBin = join(dirname(fileURLToPath(import.meta.resolve('pagefind'))), 'runner', 'bin.cjs');

export interface BuildOptions {
  bundleDir: string;
  outDir: string;
  /** Absolute URL the site will be served from (feeds, sitemap and data.json need it). */
  siteUrl: string;
  /** Where child output goes (default: our stderr). */
  log?: (text: string) => void;
}

export interface BuildTimings {
  astroMs: number;
  pagefindMs: number;
}

export async function buildSite(options: BuildOptions): Promise<Result<BuildTimings>> {
  const log = options.log ?? ((t: string) => process.stderr.write(t));
  const outDir = resolve(options.outDir);
  const staging = await mkdtemp(join(dirname(outDir), `.${basename(outDir)}.building-`));
  const env = {
    ...process.env,
    ASTRO_TELEMETRY_DISABLED: '1',
    DAYLIGHT_BUNDLE: resolve(options.bundleDir),
    DAYLIGHT_OUT: staging,
    DAYLIGHT_CACHE: join(staging, '.astro-cache'),
    DAYLIGHT_SITE_URL: options.siteUrl,
  };
  let scratch: string | undefined;
  try {
    const t0 = performance.now();
    // Astro writes its prerender chunks under <cwd>/.astro when outDir is outside the working
    // directory; they import packages, so they must sit inside this repository. A working folder per
    // build keeps two builds running at once (tests, a benchmark) out of each other's way.
    await mkdir(join(siteProject, '.astro'), { recursive: true });
    scratch = await mkdtemp(join(siteProject, '.astro', 'build-'));
    const astro = await run('astro', [astroBin, 'build', '--root', siteProject, '--silent'], env, log, scratch);
    if (astro !== 0) return fail('publish.build-failed', `astro build exited with code ${astro}.`);
    await rm(join(staging, '.astro-cache'), { recursive: true, force: true });
    const t1 = performance.now();
    const pagefind = await run('pagefind', [pagefindBin, '--site', staging, '--silent'], env, log, staging);
    if (pagefind !== 0) return fail('publish.build-failed', `pagefind exited with code ${pagefind}.`);
    const t2 = performance.now();
    await swapIn(staging, outDir);
    return ok({ astroMs: t1 - t0, pagefindMs: t2 - t1 });
  } finally {
    await rm(staging, { recursive: true, force: true });
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}

function run(tool: string, args: string[], env: NodeJS.ProcessEnv, log: (t: string) => void, cwd: string): Promise<number> {
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const relay = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) log(`[${tool}] ${line}\n`);
    };
    child.stdout.on('data', relay);
    child.stderr.on('data', relay);
    child.on('error', (error) => {
      log(`[${tool}] could not start: ${error.message}\n`);
      done(127);
    });
    child.on('close', (code) => done(code ?? 1));
  });
}

/** Replaces outDir by the fresh build with two renames, so a reader never sees half a site. */
async function swapIn(staging: string, outDir: string): Promise<void> {
  const old = `${outDir}.old-${process.pid}`;
  const exists = await stat(outDir).then(() => true, () => false);
  if (exists) await rename(outDir, old);
  await rename(staging, outDir);
  if (exists) await rm(old, { recursive: true, force: true });
}
