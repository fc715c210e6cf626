#!/usr/bin/env node
// A plain .mjs shim so that an old Node gets a readable message instead of a syntax error on .ts.
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  process.stderr.write(
    `daylight needs Node.js 24 or newer (this is ${process.version}). Run it through \`npx daylight\` or \`npm run\`, which use the Node 24 pinned in devDependencies.\n`,
  );
  process.exit(2);
}
// Caches compiled code in the OS temp folder: pdf.js and tesseract.js otherwise cost a few hundred ms at every start.
(await import('node:module')).enableCompileCache?.();
const args = process.argv.slice(2);
const supervisor = await import('../pipeline/batch/supervisor.ts');
if ((args[0] === 'batch' || args[0] === 'demo') && !args.includes('--help') && !args.includes('-h') && !supervisor.runsBatchHere()) {
  // The batch (alone, or inside the demo) runs in a child this process watches: a crash is then told
  // from a kill, and the child starts with a malloc setting only a new process can take (see supervisor.ts).
  process.exitCode = await supervisor.superviseBatch((await import('node:url')).fileURLToPath(import.meta.url), args);
} else {
  // Errors nobody awaits fail the document they belong to; one nobody can place exits 70, never 1 ("a document failed").
  (await import('../pipeline/threads/stray-errors.ts')).installStrayErrorHandlers();
  supervisor.stopWithSupervisor();
  const { main } = await import('../pipeline/cli/main.ts');
  process.on('SIGINT', () => process.exit(130));
  process.exitCode = await main(args);
}
