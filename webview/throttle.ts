/**
 * Coalesces frequent requests into at most one call per interval (trailing call guaranteed), so
 * fast training updates the chart and the drawing a few times a second, not per message.
 */
export interface Throttled {
  (): void;
  flush(): void;
  cancel(): void;
}

export function throttle(fn: () => void, intervalMs: number): Throttled {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = (): void => {
    timer = undefined;
    last = Date.now();
    fn();
  };
  const t = (() => {
    if (timer) return;
    const wait = last + intervalMs - Date.now();
    if (wait <= 0) run();
    else timer = setTimeout(run, wait);
  }) as Throttled;
  t.flush = () => {
    if (timer) {
      clearTimeout(timer);
      run();
    }
  };
  t.cancel = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
  return t;
}
