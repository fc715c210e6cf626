/** Types of `tool-exec.mjs` (plain JavaScript, so the tool runner's helper loads no TypeScript). */
export interface ToolRequest {
  tool: string;
  args: string[];
  timeoutMs: number;
  maxBuffer: number;
  /** The address space the tool may map, in bytes; unbounded when absent. */
  memoryBytes?: number;
  /** The largest file the tool may write, in bytes (RLIMIT_FSIZE); unbounded when absent. */
  fileBytes?: number;
}

/** Which bound stopped a tool: its memory (it failed to allocate or died of a signal under the limit), its time, or the size of a file it wrote. */
export type ToolLimit = 'memory' | 'time' | 'output';

/** What a tool run gives back, its output as bytes (decoded by the caller). */
export interface RawReply {
  stdout: Uint8Array;
  stderr: string;
  /** Set when the tool could not start (code "ENOENT"…), exited non-zero (numeric code) or was killed. */
  error?: { code?: string | number; message: string; limit?: ToolLimit };
}

export function runRaw(request: ToolRequest): Promise<RawReply>;
