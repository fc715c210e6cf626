/**
 * @module
 * Just enough of the WebAssembly binary format to read a module's sections, walk
 * one function's instructions and put a module back together with some function
 * bodies replaced (relaxed-kernel.ts uses it to fix one function of
 * tesseract.js-core). Everything else is copied byte for byte.
 *
 * The instruction walker knows the immediates of the core instruction set, SIMD
 * (with relaxed SIMD), bulk memory, sign extension, reference types, tail calls and
 * atomics. Anything else throws `WasmFormatError`: a body that cannot be walked
 * is never rewritten by guesswork.
 *
 * ```ts
 * const mod = readModule(wire);
 * const body = functionBody(mod, 3376);
 * for (const ins of instructions(body.code)) if (ins.op === 'fd:275') …;
 * const patched = writeModule(mod, new Map([[body.index, encodeBody(body.locals, newCode)]]));
 * ```
 */

export class WasmFormatError extends Error {}

export interface Section {
  id: number;
  /** The section's payload (without id and size). */
  payload: Uint8Array;
}

export interface FunctionBody {
  /** Index in the function index space (imported functions first). */
  index: number;
  /** Type index of the function. */
  type: number;
  /** Local declarations as written: [count, value type] pairs, parameters excluded. */
  locals: Array<[count: number, type: number]>;
  /** The instructions, up to and including the final `end`. */
  code: Uint8Array;
  /** Where the body's entry (size and body) lies in the code section's payload. */
  entry: [start: number, end: number];
}

export interface FuncType {
  params: number[];
  results: number[];
}

export interface WasmModule {
  sections: Section[];
  types: FuncType[];
  importedFunctions: number;
  /** Type index of each defined function (imported ones excluded). */
  funcTypes: number[];
  /** The code section's payload, and where each defined function's entry (size and body) starts in it. */
  code: Uint8Array;
  entryStarts: number[];
}

/** A cursor over bytes with the format's integer encodings. */
export class Reader {
  readonly bytes: Uint8Array;
  readonly end: number;
  pos: number;
  constructor(bytes: Uint8Array, start = 0, end = bytes.length) {
    this.bytes = bytes;
    this.pos = start;
    this.end = end;
  }
  get done(): boolean {
    return this.pos >= this.end;
  }
  byte(): number {
    if (this.pos >= this.end) throw new WasmFormatError('unexpected end of data');
    return this.bytes[this.pos++];
  }
  /** Unsigned LEB128 up to 32 bits. */
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) break;
      shift += 7;
      if (shift > 28) throw new WasmFormatError('integer too long');
    }
    return result;
  }
  /** Signed LEB128 up to 64 bits, as a number (exact up to 2^53; callers use it for i32 values). */
  signed(maxBits: number): number {
    let result = 0;
    let shift = 0;
    let b: number;
    do {
      b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (shift > maxBits + 7) throw new WasmFormatError('integer too long');
    } while (b & 0x80);
    if (b & 0x40) result -= 2 ** shift;
    return result;
  }
  skip(n: number): void {
    if (this.pos + n > this.end) throw new WasmFormatError('unexpected end of data');
    this.pos += n;
  }
  slice(n: number): Uint8Array {
    this.skip(n);
    return this.bytes.subarray(this.pos - n, this.pos);
  }
}

export function u32Leb(value: number): number[] {
  const out: number[] = [];
  do {
    let b = value & 0x7f;
    value = Math.floor(value / 128);
    if (value !== 0) b |= 0x80;
    out.push(b);
  } while (value !== 0);
  return out;
}

export function s32Leb(value: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = value & 0x7f;
    value >>= 7;
    const signBit = (b & 0x40) !== 0;
    if ((value === 0 && !signBit) || (value === -1 && signBit)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const SECTION_TYPE = 1;
const SECTION_IMPORT = 2;
const SECTION_FUNCTION = 3;
const SECTION_CODE = 10;

export function readModule(wire: Uint8Array): WasmModule {
  if (wire.length < 8 || wire[0] !== 0 || wire[1] !== 0x61 || wire[2] !== 0x73 || wire[3] !== 0x6d || wire[4] !== 1) {
    throw new WasmFormatError('not a WebAssembly module (version 1)');
  }
  const r = new Reader(wire, 8);
  const sections: Section[] = [];
  while (!r.done) {
    const id = r.byte();
    const size = r.u32();
    sections.push({ id, payload: r.slice(size) });
  }
  const types: FuncType[] = [];
  let importedFunctions = 0;
  const funcTypes: number[] = [];
  let code: Uint8Array | undefined;
  for (const { id, payload } of sections) {
    const s = new Reader(payload);
    if (id === SECTION_TYPE) {
      for (let n = s.u32(); n > 0; n--) {
        if (s.byte() !== 0x60) throw new WasmFormatError('only function types are supported');
        const params = Array.from({ length: s.u32() }, () => s.byte());
        const results = Array.from({ length: s.u32() }, () => s.byte());
        types.push({ params, results });
      }
    } else if (id === SECTION_IMPORT) {
      for (let n = s.u32(); n > 0; n--) {
        s.skip(s.u32());
        s.skip(s.u32());
        const kind = s.byte();
        if (kind === 0) {
          s.u32();
          importedFunctions++;
        } else if (kind === 1) {
          s.byte();
          skipLimits(s);
        } else if (kind === 2) skipLimits(s);
        else if (kind === 3) s.skip(2);
        else if (kind === 4) {
          s.byte();
          s.u32();
        }
        else throw new WasmFormatError(`unknown import kind ${kind}`);
      }
    } else if (id === SECTION_FUNCTION) {
      for (let n = s.u32(); n > 0; n--) funcTypes.push(s.u32());
    } else if (id === SECTION_CODE) code = payload;
  }
  const entryStarts: number[] = [];
  if (code) {
    const s = new Reader(code);
    const count = s.u32();
    if (count !== funcTypes.length) throw new WasmFormatError('function and code sections disagree');
    for (let i = 0; i < count; i++) {
      entryStarts.push(s.pos);
      s.skip(s.u32());
    }
    entryStarts.push(s.pos);
  }
  return { sections, types, importedFunctions, funcTypes, code: code ?? new Uint8Array(0), entryStarts };
}

/** The body of a defined function, by its index in the function index space. */
export function functionBody(mod: WasmModule, index: number): FunctionBody {
  const k = index - mod.importedFunctions;
  if (k < 0 || k >= mod.funcTypes.length) throw new WasmFormatError(`no function ${index}`);
  const s = new Reader(mod.code, mod.entryStarts[k], mod.entryStarts[k + 1]);
  const size = s.u32();
  if (s.pos + size !== mod.entryStarts[k + 1]) throw new WasmFormatError(`function ${index} has a bad size`);
  const locals: Array<[number, number]> = [];
  for (let n = s.u32(); n > 0; n--) locals.push([s.u32(), s.byte()]);
  return { index, type: mod.funcTypes[k], locals, code: mod.code.subarray(s.pos, s.end), entry: [mod.entryStarts[k], s.end] };
}

/** Indexes of the defined functions whose bytes contain `pattern` (a cheap filter before decoding them). */
export function functionsContaining(mod: WasmModule, pattern: Uint8Array): number[] {
  const haystack = Buffer.from(mod.code.buffer, mod.code.byteOffset, mod.code.byteLength);
  const found: number[] = [];
  let k = 0;
  for (let at = haystack.indexOf(pattern); at >= 0; at = haystack.indexOf(pattern, at + 1)) {
    while (mod.entryStarts[k + 1] <= at) k++;
    if (found[found.length - 1] !== mod.importedFunctions + k) found.push(mod.importedFunctions + k);
  }
  return found;
}

function skipLimits(s: Reader): void {
  const flags = s.byte();
  s.u32();
  if (flags & 1) s.u32();
}

/** A function body's bytes: local declarations, then the code. */
export function encodeBody(locals: Array<[number, number]>, code: Uint8Array): Uint8Array<ArrayBuffer> {
  const head = [...u32Leb(locals.length), ...locals.flatMap(([count, type]) => [...u32Leb(count), type])];
  const body = new Uint8Array(head.length + code.length);
  body.set(head);
  body.set(code, head.length);
  return body;
}

/** The module with the given bodies (by function index) replaced; every other byte copied as it was. */
export function writeModule(mod: WasmModule, replaced: Map<number, Uint8Array>): Uint8Array<ArrayBuffer> {
  // One allocation for the whole module: a fresh 3 MB buffer costs more in page faults than its copy.
  const parts: Uint8Array[] = [new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])];
  for (const { id, payload } of mod.sections) {
    if (id !== SECTION_CODE) {
      parts.push(Uint8Array.from([id, ...u32Leb(payload.length)]), payload);
      continue;
    }
    // Runs of unchanged entries are copied as one slice of the old payload.
    const pieces: Uint8Array[] = [];
    let runStart = 0;
    for (const [index, body] of [...replaced].sort(([a], [b]) => a - b)) {
      const k = index - mod.importedFunctions;
      pieces.push(payload.subarray(runStart, mod.entryStarts[k]), Uint8Array.from(u32Leb(body.length)), body);
      runStart = mod.entryStarts[k + 1];
    }
    pieces.push(payload.subarray(runStart));
    parts.push(Uint8Array.from([id, ...u32Leb(pieces.reduce((n, p) => n + p.length, 0))]), ...pieces);
  }
  return concat(parts);
}

export function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export interface Instruction {
  /** The opcode: `0x20`-style numbers for one-byte opcodes, `'fd:275'` for prefixed ones. */
  op: number | string;
  /** Offsets of the whole instruction (opcode and immediates) in the code. */
  start: number;
  end: number;
  /** The first immediate when it is an index or an integer constant (local index, i32 value, …). */
  imm?: number;
}

/** Opcodes 0xfd n with a memory argument (loads and stores), and the lane ones that add a lane byte. */
const SIMD_MEMARG = new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 92, 93]);
const SIMD_MEMARG_LANE = new Set([84, 85, 86, 87, 88, 89, 90, 91]);

/** The instructions of a function's code, in order; throws on an opcode it does not know. */
export function* instructions(code: Uint8Array): Generator<Instruction> {
  const r = new Reader(code);
  while (!r.done) {
    const start = r.pos;
    const op = r.byte();
    let imm: number | undefined;
    let name: number | string = op;
    if (op === 0x02 || op === 0x03 || op === 0x04) {
      const t = r.byte();
      // A block type is 0x40, a value type, or a type index (s33): read the rest of the index.
      if (t !== 0x40 && !(t >= 0x6f && t <= 0x7f)) {
        r.pos--;
        imm = r.signed(33);
      }
    } else if (op === 0x0c || op === 0x0d || op === 0x10 || op === 0x12 || (op >= 0x20 && op <= 0x26) || op === 0xd2) imm = r.u32();
    else if (op === 0x0e) {
      for (let n = r.u32(); n >= 0; n--) r.u32();
    } else if (op === 0x11 || op === 0x13) {
      imm = r.u32();
      r.u32();
    } else if (op === 0x1c) r.skip(r.u32());
    else if (op >= 0x28 && op <= 0x3e) {
      memarg(r);
    } else if (op === 0x3f || op === 0x40) r.u32();
    else if (op === 0x41) imm = r.signed(32);
    else if (op === 0x42) r.signed(64);
    else if (op === 0x43) r.skip(4);
    else if (op === 0x44) r.skip(8);
    else if (op === 0xd0) r.byte();
    else if (op === 0xfc) {
      const sub = r.u32();
      name = `fc:${sub}`;
      if (sub <= 7) {
        // saturating truncations: no immediate
      } else if (sub === 8) {
        r.u32();
        r.byte();
      } else if (sub === 9 || sub === 13 || sub === 15 || sub === 16 || sub === 17) r.u32();
      else if (sub === 10) r.skip(2);
      else if (sub === 11) r.skip(1);
      else if (sub === 12 || sub === 14) {
        r.u32();
        r.u32();
      } else throw new WasmFormatError(`unknown opcode 0xfc ${sub}`);
    } else if (op === 0xfd) {
      const sub = r.u32();
      name = `fd:${sub}`;
      if (SIMD_MEMARG.has(sub)) memarg(r);
      else if (SIMD_MEMARG_LANE.has(sub)) {
        memarg(r);
        r.byte();
      } else if (sub === 12 || sub === 13) r.skip(16);
      else if (sub >= 21 && sub <= 34) r.byte();
      else if (sub > 0x113) throw new WasmFormatError(`unknown opcode 0xfd ${sub}`);
    } else if (op === 0xfe) {
      const sub = r.u32();
      name = `fe:${sub}`;
      if (sub === 3) r.byte();
      else memarg(r);
    } else if (!(op <= 0x01 || op === 0x05 || op === 0x0b || op === 0x0f || op === 0x1a || op === 0x1b || (op >= 0x45 && op <= 0xc4) || op === 0xd1)) {
      throw new WasmFormatError(`unknown opcode 0x${op.toString(16)}`);
    }
    yield { op: name, start, end: r.pos, imm };
  }
}

function memarg(r: Reader): void {
  const align = r.u32();
  // Bit 6 of the alignment says a memory index follows (multi-memory).
  if (align & 0x40) r.u32();
  r.u32();
}
