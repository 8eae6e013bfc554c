/** A stream that may be a terminal. */
type MaybeTerminal = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

/** What the bar shows: a fraction done and the words beside it. */
export interface ProgressState {
  done: number;
  total: number;
  label: string;
}

/** How often the bar is redrawn at most: a thousand items must not mean a thousand redraws. */
const REDRAW_MS = 100;

/**
 * A one-line progress bar on standard error, drawn only when that is a terminal (a pipe or a
 * log file gets nothing). Lines written to standard output go above it: `clear()` first.
 */
export function progressBar(stream: NodeJS.WritableStream, now: () => number = Date.now) {
  const out = stream as MaybeTerminal;
  const enabled = out.isTTY === true;
  let last = -Infinity;
  let shown: ProgressState | null = null;
  const draw = (state: ProgressState) => {
    const width = Math.max(10, Math.min(40, (out.columns || 80) - state.label.length - 10));
    const fraction = state.total > 0 ? Math.min(1, state.done / state.total) : 0;
    const filled = Math.round(fraction * width);
    out.write(
      `\r\x1b[K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}% ${state.label}`,
    );
  };
  return {
    enabled,
    /** Shows `state`, unless the bar was drawn moments ago (the last state is always drawn by `finish`). */
    update(state: ProgressState): void {
      if (!enabled) return;
      shown = state;
      const t = now();
      if (t - last < REDRAW_MS && state.done < state.total) return;
      last = t;
      draw(state);
    },
    /** Takes the bar off the line, so a line of output can be written; the next update draws it again. */
    clear(): void {
      if (enabled && shown) out.write('\r\x1b[K');
      last = -Infinity;
    },
    /** Draws the final state and ends its line. */
    finish(): void {
      if (!enabled || !shown) return;
      draw(shown);
      out.write('\n');
      shown = null;
    },
  };
}
