/**
 * Where a NaN or an infinity came from (engine/nonFinite.ts's facts), in the notation of every surface:
 * "layer 1's activation mylog gives NaN for z = −0.47 (sample 1, unit 2)".
 */
import type { NonFiniteCause } from '../engine/nonFinite';
import { formatNumber } from './numbers';
import {
  activationName,
  inputLabel,
  layerLabel,
  paramSymbol,
  preActivationSymbol,
  sampleLabel,
  unitLabel,
} from './notation';

/** "NaN", "∞" or "−∞". */
function kind(v: number): string {
  return formatNumber(v);
}

export function nonFiniteText(c: NonFiniteCause): string {
  switch (c.stage) {
    case 'data':
      return `the data's ${inputLabel(c.feature)} of ${sampleLabel(c.sample)} is ${kind(c.value)}`;
    case 'parameter':
      return `${paramSymbol(c.param, c.layer)} has an entry that is NaN or infinite`;
    case 'z':
      return `${preActivationSymbol(c.layer)} of ${unitLabel(c.unit)} is ${kind(c.value)} for ${sampleLabel(c.sample)}: the weighted sum overflowed (the inputs or weights are too large)`;
    case 'activation':
      return `${layerLabel(c.layer)}'s activation ${activationName(c.activation)} gives ${kind(c.value)} for z = ${formatNumber(c.z)} (${sampleLabel(c.sample)}, ${unitLabel(c.unit)})`;
    case 'loss':
      return `the loss ${c.loss} is not finite for ${sampleLabel(c.sample)} although the prediction is`;
    case 'regularization':
      return 'the regularization term is not finite';
  }
}
