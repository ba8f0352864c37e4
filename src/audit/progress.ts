import cliProgress from 'cli-progress';

export interface Progress {
  update(rows: number): void;
  stop(): void;
}

export interface ProgressOptions {
  quiet: boolean;
  stream: NodeJS.WritableStream & { isTTY?: boolean };
  /** the share of the work done, when it can be known */
  fraction: () => number | undefined;
  /** plain-line interval when not on a terminal */
  everyMs?: number;
}

const duration = (s: number): string => (s >= 3600 ? `${Math.floor(s / 3600)}h ${Math.round((s % 3600) / 60)}m` : s >= 60 ? `${Math.floor(s / 60)}m ${Math.round(s % 60)}s` : `${Math.round(s)}s`);

/** A bar with rate and ETA on a terminal, a plain line every few seconds otherwise, nothing with --quiet. */
export function startProgress(o: ProgressOptions): Progress {
  if (o.quiet) return { update() {}, stop() {} };
  const started = Date.now();
  const rate = (rows: number): number => rows / Math.max(0.001, (Date.now() - started) / 1000);
  if (o.stream.isTTY) {
    const known = o.fraction() !== undefined;
    const bar = new cliProgress.SingleBar(
      {
        stream: o.stream as NodeJS.WritableStream,
        format: known ? 'audit |{bar}| {percentage}% | {rows} notes | {rate}/s | ETA {eta_formatted}' : 'audit {rows} notes | {rate}/s',
        hideCursor: true,
        etaBuffer: 100,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(1000, 0, { rows: 0, rate: 0 });
    return {
      update: (rows) => bar.update(Math.floor((o.fraction() ?? 0) * 1000), { rows, rate: Math.round(rate(rows)) }),
      stop: () => bar.stop(),
    };
  }
  let last = started;
  const every = o.everyMs ?? 10_000;
  return {
    update(rows) {
      const now = Date.now();
      if (now - last < every) return;
      last = now;
      const f = o.fraction();
      const eta = f && f > 0 ? ` · ${Math.round(f * 100)}% · ETA ${duration(((now - started) / 1000) * ((1 - f) / f))}` : '';
      o.stream.write(`audit: ${rows} notes · ${Math.round(rate(rows))}/s${eta}\n`);
    },
    stop() {},
  };
}
