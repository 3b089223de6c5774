/**
 * The panel's toolbar: Forward, Backward, Gradient check, Train/Stop and Step buttons, the view switcher
 * (weights / gradients / activations / the last Step's updates, native radio buttons), the sample picker (one sample by
 * index, or the whole batch) and a Skip button while a pass is being animated. Every control is a
 * native, labelled, keyboard-reachable element; actions are reported through callbacks.
 */
import type { RunAction, SampleChoice } from '../src/protocol/messages';
import type { View } from './state';
import { h, setText } from './dom';
import { sampleIndex, sampleNumber } from '../src/text/notation';

export interface ToolbarState {
  hasNetwork: boolean;
  /** A computational graph: no view switcher and no sample picker (a graph has one value per input). */
  graph?: boolean;
  /** A graph without `train:` cannot train. */
  canTrain?: boolean;
  training: boolean;
  sampleCount: number;
  sample: SampleChoice;
  view: View;
  animating: boolean;
  status: string;
}

const VIEWS: { id: View; label: string; title: string }[] = [
  { id: 'weights', label: 'Weights', title: 'Edges: colour = sign of w, width = |w|' },
  { id: 'gradients', label: 'Gradients', title: 'Edges: colour = sign of ∂J/∂w, width = |∂J/∂w| (after Backward)' },
  { id: 'activations', label: 'Activations', title: 'Nodes filled by their activation a (after Forward)' },
  {
    id: 'updates',
    label: 'Updates',
    title: 'Edges: colour = sign of the last Step’s change Δw, width = |Δw| (after Step)',
  },
];

export class Toolbar {
  readonly root: HTMLElement;
  private readonly buttons: Record<'forward' | 'backward' | 'gradcheck' | 'train' | 'step', HTMLButtonElement>;
  private readonly skipButton: HTMLButtonElement;
  private readonly radios = new Map<View, HTMLInputElement>();
  private readonly mode: HTMLSelectElement;
  private readonly index: HTMLInputElement;
  private readonly status: HTMLElement;
  private readonly viewsGroup: HTMLElement;
  private readonly sampleGroup: HTMLElement;
  private sampleCount = 1;
  onRun: (action: RunAction, sample?: SampleChoice) => void = () => undefined;
  onView: (view: View) => void = () => undefined;
  onSample: (sample: SampleChoice) => void = () => undefined;
  onSkip: () => void = () => undefined;

  constructor() {
    const button = (label: string, aria: string, cls = ''): HTMLButtonElement =>
      h('button', { type: 'button', class: `btn ${cls}`, 'aria-label': aria, title: aria }, label);
    this.buttons = {
      forward: button('Forward', 'Forward pass: compute every unit’s value for the chosen sample', 'primary'),
      backward: button('Backward', 'Backward pass: compute ∂J/∂a at every unit and ∂J/∂w on every edge', 'primary'),
      gradcheck: button('Gradient check', 'Compare backpropagation with finite differences'),
      train: button('Train', 'Train the network with the spec’s optimizer'),
      step: button('Step', 'One optimizer update on the next mini-batch: the Updates view shows what it changed'),
    };
    this.buttons.step.addEventListener('click', () => this.onRun('step', this.currentSample()));
    this.buttons.forward.addEventListener('click', () => this.onRun('forward', this.currentSample()));
    this.buttons.backward.addEventListener('click', () => this.onRun('backward', this.currentSample()));
    this.buttons.gradcheck.addEventListener('click', () => this.onRun('gradcheck'));
    this.buttons.train.addEventListener('click', () =>
      this.buttons.train.dataset.training === 'true' ? this.onRun('stop') : this.onRun('train', this.currentSample()),
    );
    this.skipButton = button('Skip »', 'Skip the animation and show all values', 'secondary skip');
    this.skipButton.hidden = true;
    this.skipButton.addEventListener('click', () => this.onSkip());

    const views = h('fieldset', { class: 'segmented' }, h('legend', { class: 'visually-hidden' }, 'View'));
    for (const v of VIEWS) {
      const radio = h('input', { type: 'radio', name: 'view', value: v.id, id: `view-${v.id}` });
      radio.addEventListener('change', () => {
        if (radio.checked) this.onView(v.id);
      });
      this.radios.set(v.id, radio);
      views.append(radio, h('label', { for: `view-${v.id}`, title: v.title }, v.label));
    }

    this.mode = h(
      'select',
      { 'aria-label': 'Which samples the passes use', id: 'sample-mode' },
      h('option', { value: 'one' }, 'Sample'),
      h('option', { value: 'all' }, 'Whole batch'),
    );
    this.index = h('input', {
      type: 'number',
      min: 1,
      value: 1,
      step: 1,
      'aria-label': 'Sample number (1-based)',
      class: 'sample-index',
    });
    this.mode.addEventListener('change', () => {
      this.syncIndex();
      this.onSample(this.currentSample());
    });
    this.index.addEventListener('change', () => {
      this.clampIndex();
      this.onSample(this.currentSample());
    });

    this.status = h('span', { class: 'status', 'aria-live': 'polite' });
    this.root = h(
      'div',
      { class: 'toolbar', role: 'toolbar', 'aria-label': 'Network actions' },
      h('div', { class: 'group' }, this.buttons.forward, this.buttons.backward, this.skipButton),
      h('div', { class: 'group' }, this.buttons.gradcheck, this.buttons.train, this.buttons.step),
      (this.viewsGroup = h('div', { class: 'group' }, views)),
      (this.sampleGroup = h(
        'div',
        { class: 'group sample' },
        h('label', { for: 'sample-mode', class: 'visually-hidden' }, 'Samples'),
        this.mode,
        this.index,
      )),
      this.status,
    );
  }

  update(st: ToolbarState): void {
    this.sampleCount = Math.max(1, st.sampleCount);
    for (const k of ['forward', 'backward', 'gradcheck'] as const)
      this.buttons[k].disabled = !st.hasNetwork || st.training;
    const train = this.buttons.train;
    train.disabled = (!st.hasNetwork || st.canTrain === false) && !st.training;
    this.viewsGroup.hidden = !!st.graph;
    this.sampleGroup.hidden = !!st.graph;
    train.dataset.training = String(st.training);
    setText(train, st.training ? 'Stop' : 'Train');
    train.setAttribute('aria-label', st.training ? 'Stop training' : 'Train the network with the spec’s optimizer');
    train.classList.toggle('danger', st.training);
    this.buttons.step.disabled = !st.hasNetwork || st.training;
    this.buttons.step.hidden = !!st.graph;
    for (const [v, r] of this.radios) r.checked = v === st.view;
    this.mode.value = st.sample === 'all' ? 'all' : 'one';
    if (st.sample !== 'all' && document.activeElement !== this.index)
      this.index.value = String(sampleNumber(st.sample));
    this.index.max = String(this.sampleCount);
    this.syncIndex();
    this.skipButton.hidden = !st.animating;
    setText(this.status, st.status);
  }

  private syncIndex(): void {
    this.index.disabled = this.mode.value === 'all';
  }

  private clampIndex(): void {
    const n = Math.round(Number(this.index.value));
    this.index.value = String(Number.isFinite(n) ? Math.max(1, Math.min(this.sampleCount, n)) : 1);
  }

  private currentSample(): SampleChoice {
    if (this.mode.value === 'all') return 'all';
    this.clampIndex();
    return sampleIndex(Number(this.index.value));
  }
}
