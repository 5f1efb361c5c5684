/**
 * Re-declares the spatial size of an ONNX model's image input. ISNet is fully convolutional and its Resize
 * targets are computed from tensor shapes at run time, but the exported file declares a fixed 1×3×1024×1024
 * input (and fixed shapes on its outputs and 722 intermediate values), so onnxruntime refuses any other size.
 * The export also traced every `_upsample_like` target size as a constant (Resize sizes = Concat(Slice(Shape(x)),
 * Constant[h, w])), so those constants are re-computed for the new size: a constant of native/2^k becomes `size`
 * halved k times with ceiling (ISNet's max-pools use ceil_mode). Then the input's last two dimensions become
 * `size`, the outputs lose their declared shapes and the intermediate `value_info` is dropped (onnxruntime infers
 * them again). Weights are copied byte for byte. A tiny protobuf walker, so no protobuf dependency is needed.
 */

interface Field {
  field: number;
  wire: number;
  /** Whole field, tag included. */
  start: number;
  end: number;
  /** Payload of a length-delimited field. */
  dataStart: number;
  dataEnd: number;
  value: number;
}

function readFields(buf: Uint8Array, start = 0, end = buf.length): Field[] {
  const out: Field[] = [];
  let p = start;
  const varint = (): number => {
    let v = 0;
    let m = 1;
    let b: number;
    do {
      if (p >= end) throw new RangeError('onnx: truncated varint');
      b = buf[p++];
      v += (b & 0x7f) * m;
      m *= 128;
    } while (b & 0x80);
    return v;
  };
  while (p < end) {
    const s = p;
    const tag = varint();
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    let dataStart = p;
    let value = 0;
    if (wire === 0) value = varint();
    else if (wire === 2) {
      const len = varint();
      dataStart = p;
      p += len;
    } else if (wire === 1) p += 8;
    else if (wire === 5) p += 4;
    else throw new RangeError(`onnx: unsupported wire type ${wire}`);
    if (p > end) throw new RangeError('onnx: truncated field');
    out.push({ field, wire, start: s, end: p, dataStart, dataEnd: wire === 2 ? p : dataStart, value });
  }
  return out;
}

function varintBytes(n: number): number[] {
  const out: number[] = [];
  while (n >= 128) {
    out.push((n % 128) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

/** A length-delimited field from parts (raw byte ranges or new buffers). */
function message(field: number, parts: Uint8Array[]): Uint8Array {
  const len = parts.reduce((s, x) => s + x.length, 0);
  const head = [...varintBytes(field * 8 + 2), ...varintBytes(len)];
  const out = new Uint8Array(head.length + len);
  out.set(head, 0);
  let o = head.length;
  for (const x of parts) {
    out.set(x, o);
    o += x.length;
  }
  return out;
}

// ONNX field numbers (onnx.proto3).
const MODEL_GRAPH = 7;
const GRAPH_INPUT = 11;
const GRAPH_OUTPUT = 12;
const GRAPH_VALUE_INFO = 13;
const VALUE_TYPE = 2;
const TYPE_TENSOR = 1;
const TENSOR_SHAPE = 2;
const SHAPE_DIM = 1;
const DIM_VALUE = 1;
const GRAPH_NODE = 1;
const NODE_INPUT = 1;
const NODE_OUTPUT = 2;
const NODE_OP = 4;
const NODE_ATTRIBUTE = 5;
const ATTRIBUTE_TENSOR = 5;
const TENSOR_DATA_TYPE = 2;
const TENSOR_RAW_DATA = 9;
const INT64 = 7;

const text = (buf: Uint8Array, f: Field): string => new TextDecoder().decode(buf.subarray(f.dataStart, f.dataEnd));

/**
 * In place on `model` (a copy): every Resize whose target sizes are Concat(…, Constant) gets those constants
 * re-computed for `size`. Returns how many constants were changed.
 */
function retargetResizeSizes(model: Uint8Array, graph: Field, native: number, size: number): number {
  interface Node {
    op: string;
    inputs: string[];
    field: Field;
  }
  const byOutput = new Map<string, Node>();
  const resizes: Node[] = [];
  for (const f of readFields(model, graph.dataStart, graph.dataEnd)) {
    if (f.field !== GRAPH_NODE || f.wire !== 2) continue;
    const node: Node = { op: '', inputs: [], field: f };
    const outputs: string[] = [];
    for (const x of readFields(model, f.dataStart, f.dataEnd)) {
      if (x.field === NODE_INPUT) node.inputs.push(text(model, x));
      else if (x.field === NODE_OUTPUT) outputs.push(text(model, x));
      else if (x.field === NODE_OP) node.op = text(model, x);
    }
    for (const o of outputs) byOutput.set(o, node);
    if (node.op === 'Resize') resizes.push(node);
  }
  const done = new Set<Node>();
  const view = new DataView(model.buffer, model.byteOffset, model.byteLength);
  for (const resize of resizes) {
    const concat = byOutput.get(resize.inputs[3] ?? '');
    if (concat?.op !== 'Concat') continue;
    for (const input of concat.inputs) {
      const constant = byOutput.get(input);
      if (constant?.op !== 'Constant' || done.has(constant)) continue;
      done.add(constant);
      for (const attr of readFields(model, constant.field.dataStart, constant.field.dataEnd)) {
        if (attr.field !== NODE_ATTRIBUTE) continue;
        for (const t of readFields(model, attr.dataStart, attr.dataEnd)) {
          if (t.field !== ATTRIBUTE_TENSOR) continue;
          const parts = readFields(model, t.dataStart, t.dataEnd);
          const raw = parts.find((x) => x.field === TENSOR_RAW_DATA);
          if (parts.find((x) => x.field === TENSOR_DATA_TYPE)?.value !== INT64 || !raw) throw new RangeError('onnx: a Resize size constant is not raw int64');
          for (let o = raw.dataStart; o + 8 <= raw.dataEnd; o += 8) {
            const v = Number(view.getBigInt64(o, true));
            let halvings = 0;
            while (v > 0 && native / 2 ** halvings > v) halvings++;
            if (native / 2 ** halvings !== v) throw new RangeError(`onnx: Resize size ${v} is not ${native}/2^k`);
            let d = size;
            for (let k = 0; k < halvings; k++) d = Math.ceil(d / 2);
            view.setBigInt64(o, BigInt(d), true);
          }
        }
      }
    }
  }
  return done.size;
}

/** ValueInfo with its tensor shape rewritten by `dims` (null = drop the shape). */
function rewriteValueInfo(buf: Uint8Array, info: Field, dims: ((index: number, dim: Uint8Array) => Uint8Array) | null): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const f of readFields(buf, info.dataStart, info.dataEnd)) {
    if (f.field !== VALUE_TYPE || f.wire !== 2) {
      parts.push(buf.subarray(f.start, f.end));
      continue;
    }
    const typeParts: Uint8Array[] = [];
    for (const t of readFields(buf, f.dataStart, f.dataEnd)) {
      if (t.field !== TYPE_TENSOR || t.wire !== 2) {
        typeParts.push(buf.subarray(t.start, t.end));
        continue;
      }
      const tensorParts: Uint8Array[] = [];
      for (const s of readFields(buf, t.dataStart, t.dataEnd)) {
        if (s.field !== TENSOR_SHAPE || s.wire !== 2) tensorParts.push(buf.subarray(s.start, s.end));
        else if (dims) {
          let index = 0;
          const shapeParts = readFields(buf, s.dataStart, s.dataEnd).map((d) => (d.field === SHAPE_DIM ? dims(index++, buf.subarray(d.start, d.end)) : buf.subarray(d.start, d.end)));
          tensorParts.push(message(TENSOR_SHAPE, shapeParts));
        }
      }
      typeParts.push(message(TYPE_TENSOR, tensorParts));
    }
    parts.push(message(VALUE_TYPE, typeParts));
  }
  return message(info.field, parts);
}

/**
 * Returns a copy of an ONNX model whose first graph input is `1×C×size×size` instead of its declared size.
 * Only valid for fully convolutional models whose only fixed internal sizes are Resize targets of native/2^k (ISNet).
 *
 * @example const model768 = withInputSize(await loadIsnetModel('medium'), 768);
 */
export function withInputSize(original: Uint8Array, size: number, native = 1024): Uint8Array {
  if (!Number.isInteger(size) || size < 32) throw new RangeError(`withInputSize: expected an integer size ≥ 32, got ${size}`);
  const model = new Uint8Array(original);
  const top = readFields(model);
  const graphField = top.find((f) => f.field === MODEL_GRAPH && f.wire === 2);
  if (!graphField) throw new RangeError('onnx: no graph in model');
  retargetResizeSizes(model, graphField, native, size);
  const graphParts: Uint8Array[] = [];
  let inputs = 0;
  for (const f of readFields(model, graphField.dataStart, graphField.dataEnd)) {
    if (f.field === GRAPH_VALUE_INFO) continue;
    if (f.field === GRAPH_INPUT && inputs++ === 0) {
      const sized = message(SHAPE_DIM, [new Uint8Array([DIM_VALUE * 8, ...varintBytes(size)])]);
      graphParts.push(rewriteValueInfo(model, f, (i, dim) => (i >= 2 ? sized : dim)));
    } else if (f.field === GRAPH_OUTPUT) graphParts.push(rewriteValueInfo(model, f, null));
    else graphParts.push(model.subarray(f.start, f.end));
  }
  if (inputs === 0) throw new RangeError('onnx: the graph has no input');
  const parts = top.map((f) => (f === graphField ? message(MODEL_GRAPH, graphParts) : model.subarray(f.start, f.end)));
  const out = new Uint8Array(parts.reduce((s, x) => s + x.length, 0));
  let o = 0;
  for (const x of parts) {
    out.set(x, o);
    o += x.length;
  }
  return out;
}

/** The declared shape of a model's first input (dim_value per dimension; 0 where symbolic). For tests. */
export function declaredInputShape(model: Uint8Array): number[] {
  const graph = readFields(model).find((f) => f.field === MODEL_GRAPH && f.wire === 2);
  if (!graph) return [];
  const input = readFields(model, graph.dataStart, graph.dataEnd).find((f) => f.field === GRAPH_INPUT);
  if (!input) return [];
  const dims: number[] = [];
  const dive = (f: Field, path: number[]): void => {
    if (path.length === 0) {
      const v = readFields(model, f.dataStart, f.dataEnd).find((d) => d.field === DIM_VALUE && d.wire === 0);
      dims.push(v ? v.value : 0);
      return;
    }
    for (const c of readFields(model, f.dataStart, f.dataEnd)) if (c.field === path[0] && c.wire === 2) dive(c, path.slice(1));
  };
  dive(input, [VALUE_TYPE, TYPE_TENSOR, TENSOR_SHAPE, SHAPE_DIM]);
  return dims;
}
