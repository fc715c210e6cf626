/**
 * @module
 * Starts one outside tool under its bounds and collects what it printed: the part
 * of the tool runner (`tool-runner.ts`) that its helper process
 * (`tool-runner-process.mjs`) runs too. Plain JavaScript, so the helper loads no
 * TypeScript: Node's type stripping took each helper from 42 to 67 MB resident,
 * and a batch keeps one helper per worker thread. Types: `tool-exec.d.mts`.
 *
 * Bounds: a wall-clock timeout, an address-space limit (RLIMIT_AS, `ulimit -v`) and a
 * file-size limit (RLIMIT_FSIZE, `ulimit -f`), set by the shell just before it execs
 * the tool. A tool stopped by a bound comes back as an error whose `limit` names it.
 */
import { execFile } from 'node:child_process';

/**
 * The shell wrapper that sets the memory and file-size bounds and becomes the tool
 * (`exec`), so the timeout's signal and the exit status are the tool's own. A shell
 * that cannot set a bound runs nothing (126): an unbounded tool is what the bound
 * exists to prevent. `ulimit -v` counts KiB, `ulimit -f` 512-byte blocks.
 */
const boundedShell = 'ulimit -v "$1" || exit 126; ulimit -f "$2" || exit 126; shift 2; exec "$@"';

/** @param {number | undefined} bytes @param {number} unit */
function limitArg(bytes, unit) {
  return bytes === undefined ? 'unlimited' : String(Math.max(1, Math.floor(bytes / unit)));
}

/**
 * Runs a tool keeping its output as bytes. The helper sends bytes rather than a string:
 * decoding 16 MB of pdftotext's words into a string there took its peak from 49 MB to 171 MB.
 * @param {import('./tool-exec.d.mts').ToolRequest} request
 * @returns {Promise<import('./tool-exec.d.mts').RawReply>}
 */
export function runRaw(request) {
  const [file, args] =
    request.memoryBytes === undefined && request.fileBytes === undefined
      ? [request.tool, request.args]
      : ['/bin/sh', ['-c', boundedShell, 'sh', limitArg(request.memoryBytes, 1024), limitArg(request.fileBytes, 512), request.tool, ...request.args]];
  return new Promise((resolve) => {
    execFile(file, args, { encoding: 'buffer', timeout: request.timeoutMs, maxBuffer: request.maxBuffer }, (error, stdout, stderr) => {
      const err = stderr.toString('utf8');
      resolve({ stdout, stderr: err, ...(error ? { error: replyError(request, error, err) } : {}) });
    });
  });
}

/** Allocation failures as C and C++ tools and the dynamic loader report them. */
const outOfMemory = /\b(?:m|c|re)alloc\b.*\bfailed|out of memory|cannot allocate memory|bad_alloc|failed to map segment/i;

/**
 * @param {import('./tool-exec.d.mts').ToolRequest} request
 * @param {import('node:child_process').ExecFileException} error
 * @param {string} stderr
 * @returns {NonNullable<import('./tool-exec.d.mts').RawReply['error']>}
 */
function replyError(request, error, stderr) {
  const code = error.code ?? undefined;
  const withCode = code !== undefined ? { code } : {};
  if (request.fileBytes !== undefined && error.signal === 'SIGXFSZ') return { ...withCode, message: error.message, limit: 'output' };
  const bounded = request.memoryBytes !== undefined;
  // The wrapping shell reports a tool it cannot find as 127 "not found": the same as a direct ENOENT.
  if ((bounded || request.fileBytes !== undefined) && code === 127 && /exec: .*not found/.test(stderr)) return { code: 'ENOENT', message: `${request.tool} was not found` };
  if (error.killed && error.signal === 'SIGTERM') return { ...withCode, message: error.message, limit: 'time' };
  // Under a memory bound, a crash is taken as running out: mutool dies of SIGSEGV when an allocation is refused.
  const crashed = error.signal === 'SIGSEGV' || error.signal === 'SIGABRT' || error.signal === 'SIGBUS';
  if (bounded && (crashed || outOfMemory.test(stderr))) return { ...withCode, message: error.message, limit: 'memory' };
  return { ...withCode, message: error.message };
}
