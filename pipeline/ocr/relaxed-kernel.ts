/**
 * @module
 * Makes tesseract.js-core's relaxed-SIMD int8 kernel exact, and selects it.
 *
 * Tesseract's LSTM spends about a third of a page in one integer matrix × vector
 * product (weights and inputs int8 in −127..127, sums in int32). tesseract.js-core
 * 7.0.0's relaxed-SIMD build has two kernels for it: an SSE-style one (widen to
 * 16 bits, `i32x4.dot_i16x8_s`) and a faster one shaped like Tesseract's AVX2
 * kernel that does 4 products a lane in one `i32x4.relaxed_dot_i8x16_i7x16_add_s`
 * (`relaxed_dot(input, weights, sum)`). That instruction is exact only while its
 * second operand is in 0..127 (the "i7" operand); for a negative weight the result
 * is implementation-defined. V8 on x64 lowers it to `pmaddubsw`, which reads that
 * operand as unsigned, so −3 counts as 253. tesseract.js-core therefore selects
 * the fast kernel only where the instruction multiplies signed by signed (a probe
 * in its start-up code), which x64 never does: here it always ran the SSE-style one.
 *
 * The fix is what Tesseract's own AVX2 kernel does with `pmaddubsw`: move each
 * weight's sign onto the input, so the 7-bit operand is |w|:
 *
 *     relaxed_dot(a, w, s)  →  relaxed_dot((a ^ m) − m, |w|, s)   with m = (w < 0 ? −1 : 0) per byte
 *
 * (a ^ m) − m is −a where w is negative, a elsewhere. With |w| ≤ 127 every lane is
 * in the instruction's defined range, so the result is the exact int32 sum on every
 * runtime, the same sum the SSE-style kernel makes; both kernels then add the bias
 * × 127 in int32 and scale in float32 the same way (read from the binary), so the
 * LSTM's outputs are bit-identical. It needs a ≠ −128 and w ≠ −128, as Tesseract's
 * AVX2 kernel does: Tesseract clips inputs to ±127 (NetworkIO::WriteTimeStepPart)
 * and scales int weights to ±127 (WeightMatrix::ConvertToInt).
 *
 * The fix is applied to the bytes at load time, only to the exact binary it was
 * worked out on (its SHA-256 is checked: an upgrade of tesseract.js-core falls back
 * to the unpatched build, loudly, until someone checks the new one), and only when
 * a self-test of the patched kernel on this runtime gives the exact products on a
 * fixed set of vectors. Otherwise Tesseract reads as before. Nothing is found by a
 * hard-coded offset: the kernel is the one function that does those dot products
 * and calls nothing, and the selection is the `select` between the two kernels'
 * descriptors in tesseract.js-core's probe, each descriptor checked in the data
 * (its function, and the AVX2 shape 8, 8, 32, 4) before the probe is changed to
 * always pick the fast one.
 *
 * ```ts
 * const fix = fixRelaxedKernel(wire);
 * const bytes = fix.ok ? fix.wire : wire; // fix.reason says why not
 * ```
 */
import { createHash } from 'node:crypto';
import { concat, encodeBody, functionBody, functionsContaining, instructions, readModule, Reader, u32Leb, WasmFormatError, writeModule } from './wasm-binary.ts';
import type { FunctionBody, Instruction, WasmModule } from './wasm-binary.ts';

/** SHA-256 of tesseract.js-core 7.0.0's `tesseract-core-relaxedsimd-lstm.wasm`, the binary this fix was checked on. */
export const CHECKED_BUILD_SHA256 = '7985c92d4c64e7267d24cadffe1b2a1da6bf8aa55fdcaf953fe94fe122a24545';

/** `i32x4.relaxed_dot_i8x16_i7x16_add_s` (0xfd 0x113). */
const RELAXED_DOT_ADD = 'fd:275';
const RELAXED_DOT_ADD_BYTES = Uint8Array.from([0xfd, 0x93, 0x02]);
/** The AVX2-shaped descriptor: outputs a register, registers, inputs a register, inputs a group. */
const FAST_SHAPE = [8, 8, 32, 4];
const V128 = 0x7b;
const I32 = 0x7f;

export type KernelFix =
  | {
      ok: true;
      /** The patched module. */
      wire: Uint8Array<ArrayBuffer>;
      /** The patched kernel's body (locals and code), as the self-test runs it. */
      kernel: Uint8Array<ArrayBuffer>;
      /** Where Tesseract keeps its kernel pointer, and the fast kernel's descriptor it now points at. */
      pointer: number;
      descriptor: number;
    }
  | { ok: false; reason: string };

/** The patched build, or why it could not be made (then the caller loads the original). */
export function fixRelaxedKernel(wire: Uint8Array, options: { checkHash?: boolean } = {}): KernelFix {
  const sha = createHash('sha256').update(wire).digest('hex');
  if ((options.checkHash ?? true) && sha !== CHECKED_BUILD_SHA256) {
    return { ok: false, reason: `tesseract.js-core's relaxed-SIMD build is not the one the kernel fix was checked on (SHA-256 ${sha.slice(0, 16)}…, checked ${CHECKED_BUILD_SHA256.slice(0, 16)}…)` };
  }
  try {
    const mod = readModule(wire);
    const kernel = findKernel(mod);
    if (!kernel.ok) return kernel;
    const choice = findKernelChoice(mod, kernel.body.index);
    if (!choice.ok) return choice;
    const kernelBody = exactKernelBody(mod, kernel.body);
    const probe = choice.body;
    const probeCode = concat([probe.code.subarray(0, choice.condition.start), Uint8Array.from([0x41, 0x00]), probe.code.subarray(choice.condition.end)]);
    const patched = writeModule(
      mod,
      new Map([
        [kernel.body.index, kernelBody],
        [probe.index, encodeBody(probe.locals, probeCode)],
      ]),
    );
    return { ok: true, wire: patched, kernel: kernelBody, pointer: choice.pointer, descriptor: choice.fast };
  } catch (error) {
    if (error instanceof WasmFormatError) return { ok: false, reason: `the relaxed-SIMD build could not be read (${error.message})` };
    throw error;
  }
}

/** The one function that does relaxed int8 dot products and calls nothing: the fast kernel. */
function findKernel(mod: WasmModule): { ok: true; body: FunctionBody } | { ok: false; reason: string } {
  const found: FunctionBody[] = [];
  for (const index of functionsContaining(mod, RELAXED_DOT_ADD_BYTES)) {
    const body = functionBody(mod, index);
    let dots = 0;
    let calls = false;
    for (const ins of instructions(body.code)) {
      if (ins.op === RELAXED_DOT_ADD) dots++;
      // call, call_indirect, return_call(_indirect), global.get/set: a kernel that reaches out is not the one checked.
      else if (ins.op === 0x10 || ins.op === 0x11 || ins.op === 0x12 || ins.op === 0x13 || ins.op === 0x23 || ins.op === 0x24) calls = true;
    }
    const type = mod.types[body.type];
    const signature = type.params.length === 6 && type.params.every((p) => p === I32) && type.results.length === 0;
    if (dots >= 16 && !calls && signature) found.push(body);
  }
  if (found.length !== 1) return { ok: false, reason: `expected one relaxed int8 kernel, found ${found.length}` };
  return { ok: true, body: found[0] };
}

interface KernelChoice {
  ok: true;
  body: FunctionBody;
  /** The `local.get` whose value picks the slow kernel when the probe failed. */
  condition: Instruction;
  pointer: number;
  fast: number;
}

/**
 * tesseract.js-core's probe: `pointer = probeFailed ? slowDescriptor : fastDescriptor`, i.e.
 * `i32.const pointer; i32.const slow; i32.const fast; local.get failed; select; i32.store`
 * in a function that runs relaxed dot products on constants. Both descriptors are checked
 * in the data: each names a kernel through the function table, the fast one ours with the
 * AVX2 shape.
 */
function findKernelChoice(mod: WasmModule, kernelIndex: number): KernelChoice | { ok: false; reason: string } {
  const table = elementTable(mod);
  const memory = dataReader(mod);
  const found: KernelChoice[] = [];
  for (const index of functionsContaining(mod, RELAXED_DOT_ADD_BYTES)) {
    if (index === kernelIndex) continue;
    const body = functionBody(mod, index);
    const list = [...instructions(body.code)];
    for (let i = 0; i + 5 < list.length; i++) {
      const [p, slow, fast, cond, select, store] = list.slice(i, i + 6);
      if (p.op !== 0x41 || slow.op !== 0x41 || fast.op !== 0x41 || cond.op !== 0x20 || select.op !== 0x1b || store.op !== 0x36) continue;
      const fastWords = memory(fast.imm!, 5);
      const slowWords = memory(slow.imm!, 5);
      if (table.get(fastWords[0]) !== kernelIndex || !FAST_SHAPE.every((v, k) => fastWords[k + 1] === v)) continue;
      const slowKernel = table.get(slowWords[0]);
      if (slowKernel === undefined || slowKernel === kernelIndex) continue;
      found.push({ ok: true, body, condition: cond, pointer: p.imm!, fast: fast.imm! });
    }
  }
  if (found.length !== 1) return { ok: false, reason: `expected one choice between the two int8 kernels, found ${found.length}` };
  return found[0];
}

/** Function table entries from active element segments of table 0 at constant offsets. */
function elementTable(mod: WasmModule): Map<number, number> {
  const table = new Map<number, number>();
  const section = mod.sections.find((s) => s.id === 9);
  if (!section) return table;
  const r = new Reader(section.payload);
  for (let n = r.u32(); n > 0; n--) {
    const flags = r.u32();
    if (flags !== 0) throw new WasmFormatError(`element segment kind ${flags} is not supported`);
    const offset = constExpr(r);
    for (let count = r.u32(), k = 0; k < count; k++) table.set(offset + k, r.u32());
  }
  return table;
}

/**
 * Reads `count` little-endian i32 words at `address` as memory holds them at start: the
 * active data segments' bytes, zero elsewhere (a linker drops a segment's trailing zeros).
 */
function dataReader(mod: WasmModule): (address: number, count: number) => number[] {
  const segments: Array<{ at: number; bytes: Uint8Array }> = [];
  const section = mod.sections.find((s) => s.id === 11);
  if (section) {
    const r = new Reader(section.payload);
    for (let n = r.u32(); n > 0; n--) {
      const flags = r.u32();
      if (flags === 1) {
        r.skip(r.u32());
        continue;
      }
      if (flags === 2) r.u32();
      else if (flags !== 0) throw new WasmFormatError(`data segment kind ${flags} is not supported`);
      const at = constExpr(r);
      segments.push({ at, bytes: r.slice(r.u32()) });
    }
  }
  const byteAt = (address: number) => {
    // A later segment overwrites an earlier one where they overlap.
    for (let k = segments.length - 1; k >= 0; k--) {
      const { at, bytes } = segments[k];
      if (address >= at && address < at + bytes.length) return bytes[address - at];
    }
    return 0;
  };
  return (address, count) =>
    Array.from({ length: count }, (_, k) => {
      const a = address + 4 * k;
      return (byteAt(a) | (byteAt(a + 1) << 8) | (byteAt(a + 2) << 16) | (byteAt(a + 3) << 24)) | 0;
    });
}

function constExpr(r: Reader): number {
  if (r.byte() !== 0x41) throw new WasmFormatError('only i32.const offsets are supported');
  const value = r.signed(32);
  if (r.byte() !== 0x0b) throw new WasmFormatError('only i32.const offsets are supported');
  return value;
}

/**
 * The kernel with each `relaxed_dot(a, w, s)` made exact: four new v128 locals hold a, w, s and
 * the sign mask, and the instruction becomes
 * `relaxed_dot((a ^ m) - m, abs(w), s)` with `m = i8x16.lt_s(w, 0)`.
 */
function exactKernelBody(mod: WasmModule, body: FunctionBody): Uint8Array<ArrayBuffer> {
  const first = mod.types[body.type].params.length + body.locals.reduce((n, [count]) => n + count, 0);
  const [a, w, s, m] = [first, first + 1, first + 2, first + 3].map(u32Leb);
  const get = (l: number[]) => [0x20, ...l];
  const set = (l: number[]) => [0x21, ...l];
  const exactDot = Uint8Array.from([
    ...set(s), ...set(w), ...set(a),
    ...get(w), 0xfd, 0x0c, ...new Array(16).fill(0), 0xfd, 0x25, ...set(m), // m = i8x16.lt_s(w, 0)
    ...get(a), ...get(m), 0xfd, 0x51, ...get(m), 0xfd, 0x71, //                 (a ^ m) - m
    ...get(w), 0xfd, 0x60, //                                                      i8x16.abs(w)
    ...get(s), 0xfd, 0x93, 0x02, //                                                relaxed_dot(…, …, s)
  ]); // prettier-ignore
  const pieces: Uint8Array[] = [];
  let copied = 0;
  for (const ins of instructions(body.code)) {
    if (ins.op !== RELAXED_DOT_ADD) continue;
    pieces.push(body.code.subarray(copied, ins.start), exactDot);
    copied = ins.end;
  }
  pieces.push(body.code.subarray(copied));
  return encodeBody([...body.locals, [4, V128]], concat(pieces));
}

/** A seeded sequence of int8 values in −127..127, ±127 and 0 among them. */
function* int8s(seed: number): Generator<number> {
  let x = seed;
  for (;;) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const r = x >>> 16;
    yield r % 16 === 0 ? 127 : r % 16 === 1 ? -127 : r % 16 === 2 ? 0 : (r % 255) - 127;
  }
}

/** Matrix shapes (outputs, inputs) that reach every register-set path of the kernel (64, 32, 16, 8) and ragged edges. */
const SELF_TEST_SHAPES: Array<[number, number]> = [
  [123, 37],
  [64, 96],
  [8, 4],
  [17, 1],
];

/**
 * Runs a kernel body (as `fixRelaxedKernel` returns it) alone in a module of its own on this
 * runtime and compares its outputs with the exact products, bit for bit: the int32 sum of
 * weights × inputs plus bias × 127, as float32, times the float32 scale, which is what the
 * SSE-style kernel computes. Also checks the kernel writes nothing past the output line as
 * Tesseract sizes it (the rows rounded up to whole registers of 8).
 * Returns undefined when they agree, else what differed.
 */
export function selfTestKernel(kernel: Uint8Array): string | undefined {
  const wasm = concat([
    Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]),
    section(1, [1, 0x60, 6, I32, I32, I32, I32, I32, I32, 0]),
    section(3, [1, 0]),
    section(5, [1, 0, 2]),
    section(7, [2, 1, 0x6b, 0, 0, 1, 0x6d, 2, 0]),
    section(10, [1, ...u32Leb(kernel.length), ...kernel]),
  ]);
  let instance: WebAssembly.Instance;
  try {
    instance = new WebAssembly.Instance(new WebAssembly.Module(wasm));
  } catch (error) {
    return `the kernel does not compile on its own: ${(error as Error).message}`;
  }
  const run = instance.exports.k as (...args: number[]) => void;
  const memory = instance.exports.m as WebAssembly.Memory;
  const values = int8s(17);
  for (const [numOut, numIn] of SELF_TEST_SHAPES) {
    const weights = Int8Array.from({ length: numOut * (numIn + 1) }, () => values.next().value!);
    const input = Int8Array.from({ length: roundUp(numIn, 32) }, (_, k) => (k < numIn ? values.next().value! : 0));
    const scales = Float32Array.from({ length: roundUp(numOut, 8) }, (_, k) => 0.0013 + k * 0.00037);
    const shaped = shapeWeights(weights, numOut, numIn);
    const at = { w: 1024, scales: 0, u: 0, v: 0 };
    at.scales = roundUp(at.w + shaped.length, 16);
    at.u = roundUp(at.scales + 4 * scales.length, 16);
    at.v = roundUp(at.u + input.length, 16);
    const bytes = new Uint8Array(memory.buffer);
    bytes.fill(0);
    bytes.set(new Uint8Array(shaped.buffer), at.w);
    bytes.set(new Uint8Array(scales.buffer), at.scales);
    bytes.set(new Uint8Array(input.buffer), at.u);
    const sentinel = 0x7fc0dead;
    const outWords = new Int32Array(memory.buffer, at.v, roundUp(numOut, 8) + 8);
    outWords.fill(sentinel);
    run(numOut, numIn + 1, at.w, at.scales, at.u, at.v);
    const got = new Float32Array(memory.buffer, at.v, numOut);
    for (let o = 0; o < numOut; o++) {
      let total = 0;
      for (let i = 0; i < numIn; i++) total += weights[o * (numIn + 1) + i] * input[i];
      total += weights[o * (numIn + 1) + numIn] * 127;
      const expected = Math.fround(Math.fround(total) * scales[o]);
      if (!Object.is(got[o], expected)) return `output ${o} of a ${numOut} × ${numIn} matrix is ${got[o]}, expected ${expected}`;
    }
    // Tesseract sizes output lines to RoundOutputs (a multiple of 8 for this shape): the kernel writes whole registers.
    for (let k = roundUp(numOut, FAST_SHAPE[0]); k < outWords.length; k++) {
      if (outWords[k] !== sentinel) return `the kernel wrote past the last output of a ${numOut} × ${numIn} matrix (output ${k})`;
    }
  }
  return undefined;
}

function section(id: number, content: number[]): Uint8Array {
  return Uint8Array.from([id, ...u32Leb(content.length), ...content]);
}

function roundUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

/**
 * Tesseract's `IntSimdMatrix::Init` for the AVX2 shape: for each set of 64, then 32, 16 and 8
 * outputs, groups of 4 inputs for each output of the set, then the set's biases.
 */
function shapeWeights(w: Int8Array, numOut: number, numIn: number): Int8Array {
  const [perRegister, registers, , perGroup] = FAST_SHAPE;
  const roundedOut = roundUp(numOut, perRegister);
  const shaped = new Int8Array((roundUp(numIn, perGroup) + 1) * roundedOut);
  let at = 0;
  let output = 0;
  for (let regs = registers; regs >= 1; regs /= 2) {
    const set = regs * perRegister;
    for (; output + set <= roundedOut; output += set) {
      for (let input = 0; input < numIn; input += perGroup) {
        for (let j = 0; j < set; j++) {
          for (let i = 0; i < perGroup; i++) {
            shaped[at++] = output + j < numOut && input + i < numIn ? w[(output + j) * (numIn + 1) + input + i] : 0;
          }
        }
      }
      for (let j = 0; j < set; j++) shaped[at++] = output + j < numOut ? w[(output + j) * (numIn + 1) + numIn] : 0;
    }
  }
  return shaped;
}

/** The original (unpatched) kernel body of a build, for tests: it must fail the self-test where relaxed dot is not signed × signed. */
export function originalKernelBody(wire: Uint8Array): Uint8Array<ArrayBuffer> | undefined {
  const mod = readModule(wire);
  const kernel = findKernel(mod);
  return kernel.ok ? encodeBody(kernel.body.locals, kernel.body.code) : undefined;
}
