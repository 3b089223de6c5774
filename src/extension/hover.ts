/**
 * Hover for .nnspec documents: a layer's index, type, activation, shapes and parameters (and its numbers
 * after the last forward/backward run or training snapshot), the input's shape, and the formula and
 * derivative of an activation or loss; for a graph spec, a node's expression and shape, and its value and
 * gradient after the last pass.
 */
import { staleResults } from './staleResults';
import { staleResultsText } from '../text/training';
import * as vscode from 'vscode';
import { ACTIVATION_DOCS, LOSS_DOCS, OPTIMIZER_DOCS, ownEntry } from '../format/keys';
import type { AnalyzeResult, SpecSymbol } from '../format/types';
import { SpecStore } from './specStore';
import type { DocumentRecords } from './documentRecord';
import { symbolAt, tokenSymbolAt } from './symbolAt';
import { keyDocAt } from './completionModel';
import { toRange } from './ranges';
import { graphHoverMarkdown, inputHoverMarkdown, layerHoverMarkdown, layerRunMarkdown } from '../text/editor';
import { plural } from '../text/notation';

/** The activation name without its parameter: "leaky_relu(0.2)" → "leaky_relu". */
function baseName(name: string): string {
  return name.replace(/\(.*$/, '').trim();
}

export class SpecHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly store: SpecStore,
    private readonly records: DocumentRecords,
  ) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const analysis = this.store.analyze(doc);
    const p = { line: position.line, character: position.character };
    // A name token (layer kind, activation, loss…) first, then a key's doc, then the enclosing layer.
    const token = tokenSymbolAt(analysis.symbols, p);
    const tokenText = token && this.markdown(doc, analysis, token);
    if (token && tokenText) return hover(tokenText, toRange(token.selectionRange));
    const key = keyDocAt(doc.getText(), position.line, position.character);
    if (key) return hover(`**\`${key.key}\`** — ${key.summary}`, doc.getWordRangeAtPosition(position));
    const symbol = symbolAt(analysis.symbols, p);
    const text = symbol && this.markdown(doc, analysis, symbol);
    return symbol && text ? hover(text, toRange(symbol.selectionRange)) : undefined;
  }

  private markdown(doc: vscode.TextDocument, analysis: AnalyzeResult, symbol: SpecSymbol): string | undefined {
    switch (symbol.kind) {
      case 'layer':
        return this.layer(doc, analysis, symbol.layerIndex);
      case 'input':
        return analysis.summary ? inputHoverMarkdown(analysis.summary) : undefined;
      case 'activation':
        return activationMarkdown(analysis, baseName(symbol.name));
      case 'custom-activation':
        return activationMarkdown(analysis, symbol.name);
      case 'loss': {
        const doc2 = ownEntry(LOSS_DOCS, symbol.name);
        return doc2 && `**Loss \`${symbol.name}\`**\n\n\`${doc2.formula}\`\n\n${doc2.summary}\n\nFits ${doc2.fits}.`;
      }
      case 'optimizer': {
        const o = ownEntry(OPTIMIZER_DOCS, baseName(symbol.name));
        return o && `**Optimizer \`${baseName(symbol.name)}\`**\n\n${o.summary}`;
      }
      case 'data':
        return this.data(doc);
      case 'graph-input':
      case 'graph-node':
        return this.graphNode(doc, analysis, symbol.name);
      default:
        return undefined;
    }
  }

  /** A graph's input or node: its expression and shape, and its value and gradient after the last pass. */
  private graphNode(doc: vscode.TextDocument, analysis: AnalyzeResult, name: string): string | undefined {
    const node = analysis.graphSummary?.nodes.find((n) => n.name === name);
    if (!analysis.graphSummary || !node) return undefined;
    const expression = analysis.graph?.nodes.find((n) => n.name === name)?.text;
    const last = this.records.get(doc.uri.toString())?.graphPass;
    const reported = last?.report.nodes.find((n) => n.name === name);
    const fits = reported && reported.shape.join() === node.shape.join();
    return graphHoverMarkdown({
      name,
      ...(expression !== undefined ? { expression } : {}),
      shape: node.shape,
      output: analysis.graphSummary.output,
      ...(last && reported && fits
        ? {
            pass: {
              kind: last.kind,
              value: reported.value,
              ...(reported.grad ? { grad: reported.grad } : {}),
              stale: last.version !== doc.version,
            },
          }
        : {}),
    });
  }

  private data(doc: vscode.TextDocument): string | undefined {
    const data = this.store.open(doc).data;
    if (!data) return undefined;
    const { train, test } = data;
    const parts = [
      `${plural(train.n, 'training sample')}${test ? `, ${plural(test.n, 'test sample')}` : ''}`,
      plural(train.inputs, 'feature'),
    ];
    if (train.classes !== undefined)
      parts.push(`${plural(train.classes, 'class')}${train.classNames ? ` (${train.classNames.join(', ')})` : ''}`);
    else parts.push(`${train.targetWidth}-wide regression targets`);
    return `**Data** · ${parts.join(' · ')}${train.featureNames ? `\n\nFeatures: ${train.featureNames.join(', ')}` : ''}`;
  }

  private layer(doc: vscode.TextDocument, analysis: AnalyzeResult, index: number | undefined): string | undefined {
    const summary = analysis.summary;
    const layer = summary?.layers.find((l) => l.index === index);
    if (!summary || !layer) return undefined;
    const parts = [layerHoverMarkdown(layer, summary.layers.length)];
    const last = this.records.get(doc.uri.toString())?.pass;
    const report = last?.report.layers.find((l) => l.index === layer.index);
    if (last && report && report.a[0]?.length === layer.units) {
      const edited = staleResults(this.records.get(doc.uri.toString()), this.store.open(doc).config);
      const stale = edited ? `\n\n_(${staleResultsText(edited)})_` : '';
      const weights = last.weights ? `\n\n_(${last.weights})_` : '';
      parts.push(layerRunMarkdown(report, last.kind, last.report.samples, summary.layers.length) + weights + stale);
    }
    return parts.join('\n\n---\n\n');
  }
}

function hover(markdown: string, range: vscode.Range | undefined): vscode.Hover {
  const md = new vscode.MarkdownString(markdown);
  md.isTrusted = false;
  md.supportThemeIcons = false;
  return new vscode.Hover(md, range);
}

/** Formula and derivative of a built-in activation or one the spec defines under `activations:`. */
function activationMarkdown(analysis: AnalyzeResult, name: string): string | undefined {
  const builtin = ownEntry(ACTIVATION_DOCS, name);
  if (builtin) {
    return [
      `**Activation \`${name}\`**`,
      '',
      `- \`${builtin.formula}\``,
      `- derivative: \`${builtin.derivative}\``,
      '',
      builtin.summary,
    ].join('\n');
  }
  const custom = analysis.spec?.activations.get(name);
  if (custom) {
    return [
      `**Custom activation \`${name}\`** (defined in this spec)`,
      '',
      `- f(x) = \`${custom.fText}\``,
      `- f′(x) = \`${custom.dfText}\``,
      '',
      'Your derivative is checked against finite differences by **Gradient check**.',
    ].join('\n');
  }
  return undefined;
}
