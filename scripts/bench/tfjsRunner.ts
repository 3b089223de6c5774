/**
 * The TensorFlow.js `cpu` backend side of the benchmark: the same network, data and initial weights
 * as tf.variables, one step = optimizer.minimize (tf.train.sgd) inside tf.tidy, with dataSync on the
 * returned loss so that every step has really finished before the next one is timed.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core alone ships no gradient functions; the union package would register them like this.
import '../../node_modules/@tensorflow/tfjs-core/dist/register_all_gradients.js';
import type { LayerWeights, Runner, Workload } from './workloads';

/** Selects the cpu backend (once). */
export async function initTfjs(): Promise<string> {
  // Production mode only silences tfjs's console warnings (here: the "install tfjs-node" banner); it changes no computation.
  tf.enableProdMode();
  await tf.setBackend('cpu');
  await tf.ready();
  return `tfjs-core ${tf.version_core}, backend ${tf.getBackend()}`;
}

/** The workload on tfjs, starting from the given initial weights (one entry per layer). */
export function tfjsRunner(w: Workload, weights: LayerWeights[]): Runner {
  const n = w.data.n;
  const X = tf.tensor2d(Float32Array.from(w.data.x), [n, w.input]);
  const Y = tf.tensor2d(Float32Array.from(w.data.targets), [n, w.data.targetWidth]);
  let fanIn = w.input;
  const params = w.layers.map((l, i) => {
    const W = tf.variable(tf.tensor2d(Float32Array.from(weights[i].W), [fanIn, l.units]));
    const b = tf.variable(tf.tensor1d(Float32Array.from(weights[i].b)));
    fanIn = l.units;
    return { W, b };
  });
  const optimizer = tf.train.sgd(w.learningRate);
  const last = w.layers.length - 1;

  const lossFn = (): tf.Scalar => {
    let a: tf.Tensor2D = X;
    let logits: tf.Tensor2D = X;
    w.layers.forEach((l, i) => {
      const z = tf.add(tf.matMul(a, params[i].W), params[i].b) as tf.Tensor2D;
      if (i === last)
        logits = z; // softmax is fused into the loss
      else a = l.activation === 'sigmoid' ? tf.sigmoid(z) : tf.relu(z);
    });
    let loss = tf.losses.softmaxCrossEntropy(Y, logits) as tf.Scalar; // mean over samples
    if (w.l2 > 0) {
      const sq = params.map((p) => tf.sum(tf.square(p.W)));
      loss = tf.add(loss, tf.mul(0.5 * w.l2, tf.addN(sq)));
    }
    return loss;
  };

  return {
    step() {
      return tf.tidy(() => {
        const cost = optimizer.minimize(lossFn, true) as tf.Scalar;
        return cost.dataSync()[0];
      });
    },
    loss() {
      return tf.tidy(() => lossFn().dataSync()[0]);
    },
    dispose() {
      X.dispose();
      Y.dispose();
      for (const p of params) {
        p.W.dispose();
        p.b.dispose();
      }
      optimizer.dispose();
    },
  };
}
