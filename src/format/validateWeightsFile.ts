/**
 * The spec's top-level `weights_file: PATH` (relative to the spec): the network starts from the
 * weights saved there (see weightsFile.ts for the file). The file is read through the caller's
 * `readFile`, checked, and fitted to the layers as the spec declares them; anything that does not
 * fit is one error at the `weights_file` value naming the layer and both shapes. A layer's inline
 * `weights:`/`biases:` are then replaced, which is said as a warning at them.
 */
import type { LayerDims } from '../engine/shapes';
import { layerShapes } from '../engine/shapes';
import { readString, type Ctx } from './readers';
import type { ParsedLayer } from './validateLayers';
import { fitWeights, maxWeightsFileChars, parseWeightsFile, type LayerParams } from './weightsFile';
import type { Pair, YNode } from './yamlSource';

/** The weights a spec's `weights_file` gives: the fitted parameters, and where and when they come from. */
export interface SpecWeights {
  /** As written in the spec (relative to it). */
  path: string;
  /** Epochs trained to get them, and the training loss there (from the file). */
  epoch: number;
  loss?: number;
  params: LayerParams[];
}

/** The fitted weights of `weights_file`, or undefined (with a diagnostic when it is the file's fault). */
export function readWeightsFileKey(
  ctx: Ctx,
  pair: Pair,
  layers: ParsedLayer[] | undefined,
  input: number | undefined,
  readFile: ((path: string) => string) | undefined,
): SpecWeights | undefined {
  const range = ctx.src.valueRange(pair);
  const path = readString(ctx, pair.value as YNode, 'weights_file', range);
  if (path === undefined) return undefined;
  if (path.trim() === '') {
    ctx.diag.error(range, 'weights-file', 'weights_file needs a path, e.g. weights_file: xor.weights.json');
    return undefined;
  }
  if (!readFile) {
    ctx.diag.error(
      range,
      'weights-file-unreadable',
      `cannot read '${path}' here: a weights file is found relative to the spec, so save the spec to a folder first`,
    );
    return undefined;
  }
  // Without known shapes there is nothing to fit; the layers' own errors say why.
  if (!layers || input === undefined) return undefined;
  const dims: LayerDims[] = [];
  for (const l of layers) {
    if (!l.type || l.inputs === undefined || l.units === undefined) return undefined;
    dims.push({ type: l.type, inputs: l.inputs, units: l.units, pieces: l.pieces, bias: l.bias });
  }
  let text: string;
  try {
    text = readFile(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    const reason = code === 'ENOENT' ? 'no such file' : (e as Error).message;
    ctx.diag.error(range, 'weights-file-unreadable', `cannot read '${path}' (relative to the spec): ${reason}`);
    return undefined;
  }
  const params = dims.reduce((s, d) => s + layerShapes(d).params, 0);
  const parsed = parseWeightsFile(text, maxWeightsFileChars(params));
  if (!parsed.ok) {
    ctx.diag.error(range, 'weights-file-invalid', `'${path}' cannot be used: ${parsed.message}`);
    return undefined;
  }
  const fitted = fitWeights(parsed.value, input, dims);
  if (!fitted.ok) {
    ctx.diag.error(range, 'weights-file-shape', `'${path}' does not fit this network: ${fitted.message}`);
    return undefined;
  }
  for (const l of layers) {
    for (const [what, at] of [
      ['weights', l.weightsRange],
      ['biases', l.biasesRange],
    ] as const) {
      if (at)
        ctx.diag.warning(
          at,
          'weights-file-overrides',
          `layer ${l.index}: these ${what} are not used: the network starts from weights_file '${path}'`,
        );
    }
  }
  const { epoch, loss } = parsed.value;
  return { path, epoch, ...(loss !== undefined ? { loss } : {}), params: fitted.value };
}
