// The portal builds only from a release bundle (see pipeline/publish/bundle.ts).
// Everything that varies per build comes from the environment set by `daylight publish`.
import { resolve } from 'node:path';
import { defineConfig } from 'astro/config';

const bundle = process.env.DAYLIGHT_BUNDLE;
if (!bundle) throw new Error('DAYLIGHT_BUNDLE must name a release bundle folder (run `daylight publish`).');
const site = new URL(process.env.DAYLIGHT_SITE_URL || 'http://localhost:4321/');

export default defineConfig({
  output: 'static',
  site: site.origin,
  base: site.pathname,
  // The bundle's redacted PDFs and page images are linked into the portal by build-site.ts, release by
  // release, never copied by Astro on every build: this folder does not exist.
  publicDir: resolve(bundle, 'no-public-dir'),
  outDir: resolve(process.env.DAYLIGHT_OUT || 'dist'),
  cacheDir: resolve(process.env.DAYLIGHT_CACHE || 'node_modules/.astro'),
  trailingSlash: 'ignore',
  compressHTML: true,
  devToolbar: { enabled: false },
  build: { format: 'directory', inlineStylesheets: 'always' },
  vite: { logLevel: 'warn' },
});
