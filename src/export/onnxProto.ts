/**
 * A tiny Protocol Buffers writer for the few ONNX messages an inference model needs (ModelProto,
 * GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto and their type and shape
 * messages), so the export needs no protobuf library. Field numbers and wire types are those of
 * onnx/onnx.proto (IR version 7, opset 13); only the fields used here are named.
 * Encoding: each field is a varint key (field number << 3 | wire type) then a varint, 8 little-endian
 * bytes (double), 4 bytes (float) or a length-delimited payload (strings, bytes, nested messages,
 * packed repeated numbers).
 */

/** ONNX TensorProto.DataType values used here. */
export const FLOAT = 1;
export const DOUBLE = 11;
export type ElemType = typeof FLOAT | typeof DOUBLE;

/** Bytes under construction, with the protobuf primitives. */
class Writer {
  private readonly parts: Uint8Array[] = [];
  private readonly small: number[] = [];
  private size = 0;

  private flushSmall(): void {
    if (this.small.length === 0) return;
    this.parts.push(Uint8Array.from(this.small));
    this.size += this.small.length;
    this.small.length = 0;
  }

  /** An unsigned varint of a non-negative safe integer (int64 fields hold no negative values here). */
  varint(v: number): this {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`cannot encode ${v} as a varint`);
    while (v >= 0x80) {
      this.small.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.small.push(v);
    return this;
  }

  key(field: number, wire: 0 | 1 | 2 | 5): this {
    return this.varint(field * 8 + wire);
  }

  bytes(b: Uint8Array): this {
    this.flushSmall();
    this.parts.push(b);
    this.size += b.length;
    return this;
  }

  finish(): Uint8Array {
    this.flushSmall();
    const out = new Uint8Array(this.size);
    let off = 0;
    for (const p of this.parts) {
      out.set(p, off);
      off += p.length;
    }
    return out;
  }

  /** Field helpers: wire type 0 (varint), 2 (length-delimited). */
  int(field: number, v: number): this {
    return this.key(field, 0).varint(v);
  }
  message(field: number, payload: Uint8Array): this {
    return this.key(field, 2).varint(payload.length).bytes(payload);
  }
  string(field: number, s: string): this {
    return this.message(field, new TextEncoder().encode(s));
  }
}

/** Little-endian bytes of numbers as float64 (DOUBLE) or float32 (FLOAT) — TensorProto's raw_data layout. */
export function rawData(values: ArrayLike<number>, type: ElemType): Uint8Array {
  const width = type === DOUBLE ? 8 : 4;
  const buf = new Uint8Array(values.length * width);
  const view = new DataView(buf.buffer);
  for (let i = 0; i < values.length; i++) {
    if (type === DOUBLE) view.setFloat64(i * 8, values[i], true);
    else view.setFloat32(i * 4, values[i], true);
  }
  return buf;
}

export interface Tensor {
  name: string;
  dims: number[];
  type: ElemType;
  values: ArrayLike<number>;
}

/** TensorProto: dims (1), data_type (2), name (8), raw_data (9). */
function tensorProto(t: Tensor): Uint8Array {
  const w = new Writer();
  for (const d of t.dims) w.int(1, d);
  w.int(2, t.type);
  w.string(8, t.name);
  w.message(9, rawData(t.values, t.type));
  return w.finish();
}

export type Attribute = { name: string } & ({ int: number } | { ints: number[] } | { float: number });

/** AttributeProto: name (1), f (2, float32), i (3), ints (8), type (20: FLOAT 1, INT 2, INTS 7). */
function attributeProto(a: Attribute): Uint8Array {
  const w = new Writer();
  w.string(1, a.name);
  if ('int' in a) {
    w.int(3, a.int).int(20, 2);
  } else if ('ints' in a) {
    for (const v of a.ints) w.int(8, v);
    w.int(20, 7);
  } else {
    const f = new Uint8Array(4);
    new DataView(f.buffer).setFloat32(0, a.float, true);
    w.key(2, 5).bytes(f).int(20, 1);
  }
  return w.finish();
}

export interface Node {
  op: string;
  inputs: string[];
  outputs: string[];
  name: string;
  attributes?: Attribute[];
}

/** NodeProto: input (1), output (2), name (3), op_type (4), attribute (5). */
function nodeProto(n: Node): Uint8Array {
  const w = new Writer();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, n.name).string(4, n.op);
  for (const a of n.attributes ?? []) w.message(5, attributeProto(a));
  return w.finish();
}

export interface ValueInfo {
  name: string;
  type: ElemType;
  /** A number is a fixed size, a string a named (symbolic) dimension such as the batch size. */
  shape: (number | string)[];
  doc?: string;
}

/** ValueInfoProto: name (1), type (2: TypeProto.tensor_type (1): elem_type (1), shape (2): dim (1): dim_value (1) | dim_param (2)), doc_string (3). */
function valueInfoProto(v: ValueInfo): Uint8Array {
  const shape = new Writer();
  for (const d of v.shape) {
    const dim = new Writer();
    if (typeof d === 'number') dim.int(1, d);
    else dim.string(2, d);
    shape.message(1, dim.finish());
  }
  const tensorType = new Writer().int(1, v.type).message(2, shape.finish()).finish();
  const typeProto = new Writer().message(1, tensorType).finish();
  const w = new Writer().string(1, v.name).message(2, typeProto);
  if (v.doc) w.string(3, v.doc);
  return w.finish();
}

export interface Graph {
  name: string;
  nodes: Node[];
  initializers: Tensor[];
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  doc?: string;
}

/** GraphProto: node (1), name (2), initializer (5), doc_string (10), input (11), output (12). */
function graphProto(g: Graph): Uint8Array {
  const w = new Writer();
  for (const n of g.nodes) w.message(1, nodeProto(n));
  w.string(2, g.name);
  for (const t of g.initializers) w.message(5, tensorProto(t));
  if (g.doc) w.string(10, g.doc);
  for (const i of g.inputs) w.message(11, valueInfoProto(i));
  for (const o of g.outputs) w.message(12, valueInfoProto(o));
  return w.finish();
}

export interface Model {
  irVersion: number;
  opset: number;
  producerName: string;
  producerVersion: string;
  doc?: string;
  /** Free-form key → value pairs shown by model viewers (metadata_props). */
  metadata?: Record<string, string>;
  graph: Graph;
}

/**
 * ModelProto: ir_version (1), producer_name (2), producer_version (3), doc_string (6), graph (7),
 * opset_import (8: domain (1) = "" for the default ONNX operator set, version (2)), metadata_props (14: key (1), value (2)).
 */
export function encodeModel(m: Model): Uint8Array {
  const w = new Writer();
  w.int(1, m.irVersion).string(2, m.producerName).string(3, m.producerVersion);
  if (m.doc) w.string(6, m.doc);
  w.message(7, graphProto(m.graph));
  w.message(8, new Writer().string(1, '').int(2, m.opset).finish());
  for (const [k, v] of Object.entries(m.metadata ?? {})) w.message(14, new Writer().string(1, k).string(2, v).finish());
  return w.finish();
}
