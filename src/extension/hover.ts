/**
 * Hover for .nnspec documents: a layer's index, type, activation, shapes and parameters (and its numbers
 * after the last forward/backward run or training snapshot), the input's shape, and the formula and
 * derivative of an activation or loss.
 */
import * as vscode from 'vscode';
import { ACTIVATION_DOCS, LOSS_DOCS, OPTIMIZER_DOCS } from '../spec/keys';
import type { AnalyzeResult, BuiltinActivation, LossName, SpecSymbol } from '../spec/types';
import { SpecStore } from './specStore';
import { RunResults } from './runResults';
import { symbolAt } from './symbolAt';
import { toRange } from './ranges';
import { inputHoverMarkdown, layerHoverMarkdown, layerRunMarkdown } from './format';

/** The activation name without its parameter: "leaky_relu(0.2)" → "leaky_relu". */
function baseName(name: string): string {
  return name.replace(/\(.*$/, '').trim();
}

export class SpecHoverProvider implements vscode.HoverProvider {
  constructor(private readonly store: SpecStore, private readonly results: RunResults) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const analysis = this.store.analyze(doc);
    const symbol = symbolAt(analysis.symbols, { line: position.line, character: position.character });
    if (!symbol) return undefined;
    const text = this.markdown(doc, analysis, symbol);
    if (!text) return undefined;
    const md = new vscode.MarkdownString(text);
    md.supportThemeIcons = false;
    md.isTrusted = false;
    return new vscode.Hover(md, toRange(symbol.selectionRange));
  }

  private markdown(doc: vscode.TextDocument, analysis: AnalyzeResult, symbol: SpecSymbol): string | undefined {
    switch (symbol.kind) {
      case 'layer': return this.layer(doc, analysis, symbol.layerIndex);
      case 'input': return analysis.summary ? inputHoverMarkdown(analysis.summary) : undefined;
      case 'activation': return activationMarkdown(analysis, baseName(symbol.name));
      case 'custom-activation': return activationMarkdown(analysis, symbol.name);
      case 'loss': {
        const doc2 = LOSS_DOCS[symbol.name as LossName];
        return doc2 && `**Loss \`${symbol.name}\`**\n\n\`${doc2.formula}\`\n\n${doc2.summary}\n\nFits ${doc2.fits}.`;
      }
      case 'optimizer': {
        const o = OPTIMIZER_DOCS[baseName(symbol.name)];
        return o && `**Optimizer \`${baseName(symbol.name)}\`**\n\n${o.summary}`;
      }
      default: return undefined;
    }
  }

  private layer(doc: vscode.TextDocument, analysis: AnalyzeResult, index: number | undefined): string | undefined {
    const summary = analysis.summary;
    const layer = summary?.layers.find((l) => l.index === index);
    if (!summary || !layer) return undefined;
    const parts = [layerHoverMarkdown(layer, summary.layers.length)];
    const last = this.results.lastPass(doc.uri);
    const report = last?.report.layers.find((l) => l.index === layer.index);
    if (last && report && report.a[0]?.length === layer.units) {
      const stale = last.version !== doc.version ? '\n\n_(from before the last edit)_' : '';
      parts.push(layerRunMarkdown(report, last.kind, last.report.samples.length) + stale);
    }
    return parts.join('\n\n---\n\n');
  }
}

/** Formula and derivative of a built-in activation or one the spec defines under `activations:`. */
function activationMarkdown(analysis: AnalyzeResult, name: string): string | undefined {
  const builtin = ACTIVATION_DOCS[name as BuiltinActivation];
  if (builtin) {
    return [
      `**Activation \`${name}\`**`, '',
      `- \`${builtin.formula}\``,
      `- derivative: \`${builtin.derivative}\``, '',
      builtin.summary,
    ].join('\n');
  }
  const custom = analysis.spec?.activations[name];
  if (custom) {
    return [
      `**Custom activation \`${name}\`** (defined in this spec)`, '',
      `- f(x) = \`${custom.fText}\``,
      `- f′(x) = \`${custom.dfText}\``, '',
      'Your derivative is checked against finite differences by **Gradient check**.',
    ].join('\n');
  }
  return undefined;
}
