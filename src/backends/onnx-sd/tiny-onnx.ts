/**
 * A small ONNX (protobuf) writer: enough of onnx.proto for tests to build tiny random-weight stand-ins of the
 * Stable Diffusion exports (same input/output names, dtypes and symbolic dims) without Python or downloads.
 * Field numbers follow onnx/onnx.proto (ModelProto, GraphProto, NodeProto, TensorProto, ValueInfoProto).
 */

export type ElemType = 'float32' | 'float16' | 'int32' | 'int64';
const ELEM: Record<ElemType, number> = { float32: 1, float16: 10, int32: 6, int64: 7 };

export interface TinyTensor {
  name: string;
  type: ElemType;
  dims: number[];
  /** Values, stored as raw little-endian bytes. */
  values: ArrayLike<number>;
}

export interface TinyValue {
  name: string;
  type: ElemType;
  /** Numbers are fixed sizes, strings symbolic (e.g. 'batch'). */
  shape: Array<number | string>;
}

export interface TinyNode {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes?: Record<string, number | number[] | string>;
  /** Integer attributes that must be written as INT even when their value looks like a float. */
  floatAttributes?: string[];
}

export interface TinyModel {
  inputs: TinyValue[];
  outputs: TinyValue[];
  nodes: TinyNode[];
  initializers?: TinyTensor[];
  opset?: number;
}

class Writer {
  private chunks: number[] = [];

  varint(value: number | bigint): this {
    let v = BigInt.asUintN(64, BigInt(value));
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v) byte |= 0x80;
      this.chunks.push(byte);
    } while (v);
    return this;
  }

  tag(field: number, wire: number): this {
    return this.varint((field << 3) | wire);
  }

  int(field: number, value: number): this {
    return this.tag(field, 0).varint(value);
  }

  bytes(field: number, data: Uint8Array): this {
    this.tag(field, 2).varint(data.length);
    for (const b of data) this.chunks.push(b);
    return this;
  }

  string(field: number, text: string): this {
    return this.bytes(field, new TextEncoder().encode(text));
  }

  message(field: number, build: (w: Writer) => void): this {
    const inner = new Writer();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  float(field: number, value: number): this {
    this.tag(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    for (const x of b) this.chunks.push(x);
    return this;
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

function rawData(t: TinyTensor): Uint8Array {
  const n = t.values.length;
  const size = t.type === 'int64' ? 8 : 4;
  const buf = new Uint8Array(n * size);
  const view = new DataView(buf.buffer);
  for (let i = 0; i < n; i++) {
    if (t.type === 'float32') view.setFloat32(i * 4, t.values[i], true);
    else if (t.type === 'float16') throw new TypeError('float16 initializers are not supported by the tiny writer');
    else if (t.type === 'int32') view.setInt32(i * 4, t.values[i], true);
    else view.setBigInt64(i * 8, BigInt(Math.trunc(t.values[i])), true);
  }
  return buf;
}

function valueInfo(w: Writer, v: TinyValue): void {
  w.string(1, v.name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, ELEM[v.type]);
      tensor.message(2, (shape) => {
        for (const d of v.shape) shape.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)));
      });
    }),
  );
}

/**
 * Serialises a model to ONNX bytes (IR version 8, default domain at `opset`, default 13).
 *
 * @example
 * const bytes = writeOnnx({ inputs: [{ name: 'x', type: 'float32', shape: ['n'] }], outputs: [{ name: 'y', type: 'float32', shape: ['n'] }], nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['y'] }] });
 */
export function writeOnnx(model: TinyModel): Uint8Array {
  const w = new Writer();
  w.int(1, 8); // ir_version
  w.string(2, 'scenic-tiny-onnx');
  w.message(7, (g) => {
    model.nodes.forEach((node, k) => {
      g.message(1, (n) => {
        for (const i of node.inputs) n.string(1, i);
        for (const o of node.outputs) n.string(2, o);
        n.string(3, `${node.op.toLowerCase()}_${k}`);
        n.string(4, node.op);
        for (const [name, value] of Object.entries(node.attributes ?? {})) {
          n.message(5, (a) => {
            a.string(1, name);
            if (typeof value === 'string') a.bytes(4, new TextEncoder().encode(value)).int(20, 3);
            else if (Array.isArray(value)) {
              for (const v of value) a.int(8, v);
              a.int(20, 7);
            } else if (node.floatAttributes?.includes(name)) a.float(2, value).int(20, 1);
            else a.int(3, value).int(20, 2);
          });
        }
      });
    });
    g.string(2, 'tiny');
    for (const t of model.initializers ?? []) {
      g.message(5, (m) => {
        for (const d of t.dims) m.int(1, d);
        m.int(2, ELEM[t.type]);
        m.string(8, t.name);
        m.bytes(9, rawData(t));
      });
    }
    for (const v of model.inputs) g.message(11, (m) => valueInfo(m, v));
    for (const v of model.outputs) g.message(12, (m) => valueInfo(m, v));
  });
  w.message(8, (o) => o.string(1, '').int(2, model.opset ?? 13));
  return w.finish();
}

/**
 * The same model with float16 graph inputs and outputs (computing in float32 inside), like fp16 GPU exports:
 * a Cast after each float input and before each float output.
 */
export function withHalfIo(model: TinyModel): TinyModel {
  const rename = new Map<string, string>();
  const nodes: TinyNode[] = [];
  for (const v of model.inputs) {
    if (v.type !== 'float32') continue;
    rename.set(v.name, `${v.name}__f32`);
    nodes.push({ op: 'Cast', inputs: [v.name], outputs: [`${v.name}__f32`], attributes: { to: 1 } });
  }
  const outputs = new Set(model.outputs.filter((v) => v.type === 'float32').map((v) => v.name));
  for (const n of model.nodes) {
    nodes.push({
      ...n,
      inputs: n.inputs.map((i) => rename.get(i) ?? (outputs.has(i) ? `${i}__out` : i)),
      outputs: n.outputs.map((o) => (outputs.has(o) ? `${o}__out` : o)),
    });
  }
  for (const o of outputs) nodes.push({ op: 'Cast', inputs: [`${o}__out`], outputs: [o], attributes: { to: 10 } });
  const half = (v: TinyValue): TinyValue => (v.type === 'float32' ? { ...v, type: 'float16' } : v);
  return { ...model, inputs: model.inputs.map(half), outputs: model.outputs.map(half), nodes };
}
