/**
 * Document symbols (the Outline, breadcrumbs, Go to Symbol): the spec's sections and layers, nested by range;
 * a graph's inputs and nodes with their expressions and shapes.
 */
import * as vscode from 'vscode';
import type { AnalyzeResult, SpecSymbol } from '../format/types';
import { SpecStore } from './specStore';
import { toRange } from './ranges';
import { graphSymbolDetail, layerSymbolDetail } from '../text/editor';

const KIND: Record<SpecSymbol['kind'], vscode.SymbolKind> = {
  name: vscode.SymbolKind.String,
  input: vscode.SymbolKind.Field,
  layer: vscode.SymbolKind.Class,
  activation: vscode.SymbolKind.Function,
  'custom-activation': vscode.SymbolKind.Function,
  loss: vscode.SymbolKind.Function,
  optimizer: vscode.SymbolKind.Constant,
  data: vscode.SymbolKind.Array,
  train: vscode.SymbolKind.Module,
  regularization: vscode.SymbolKind.Property,
  gradcheck: vscode.SymbolKind.Module,
  graph: vscode.SymbolKind.Module,
  'graph-input': vscode.SymbolKind.Variable,
  'graph-node': vscode.SymbolKind.Function,
};

function detail(analysis: AnalyzeResult, s: SpecSymbol): string {
  const layer = s.kind === 'layer' ? analysis.summary?.layers.find((l) => l.index === s.layerIndex) : undefined;
  if (layer) return layerSymbolDetail(layer);
  if (s.kind === 'input' && analysis.summary) return `${analysis.summary.input} features`;
  if (s.kind === 'graph-input' || s.kind === 'graph-node') {
    const node = analysis.graphSummary?.nodes.find((n) => n.name === s.name);
    const expression = analysis.graph?.nodes.find((n) => n.name === s.name)?.text;
    return graphSymbolDetail(expression, node?.shape);
  }
  return '';
}

export class SpecSymbolProvider implements vscode.DocumentSymbolProvider {
  constructor(private readonly store: SpecStore) {}

  provideDocumentSymbols(doc: vscode.TextDocument): vscode.DocumentSymbol[] {
    const analysis = this.store.analyze(doc);
    const sorted = [...analysis.symbols].sort(
      (a, b) =>
        a.range.start.line - b.range.start.line ||
        a.range.start.character - b.range.start.character ||
        b.range.end.line - a.range.end.line ||
        b.range.end.character - a.range.end.character,
    );
    const roots: vscode.DocumentSymbol[] = [];
    const stack: vscode.DocumentSymbol[] = [];
    for (const s of sorted) {
      const range = toRange(s.range);
      let selection = toRange(s.selectionRange);
      if (!range.contains(selection)) selection = new vscode.Range(range.start, range.start);
      const sym = new vscode.DocumentSymbol(
        s.name,
        detail(analysis, s),
        KIND[s.kind] ?? vscode.SymbolKind.Key,
        range,
        selection,
      );
      while (stack.length > 0 && !stack[stack.length - 1].range.contains(range)) stack.pop();
      (stack.length > 0 ? stack[stack.length - 1].children : roots).push(sym);
      stack.push(sym);
    }
    return roots;
  }
}
