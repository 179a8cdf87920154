/** A one-line progress bar with rate and ETA on stderr, only when stderr is a terminal. */
export class Progress {
  private readonly started = Date.now();
  private last = 0;

  constructor(
    private readonly label: string,
    private total: number | null = null,
    private readonly enabled = process.stderr.isTTY === true,
  ) {}

  setTotal(total: number | null): void {
    this.total = total;
  }

  update(done: number): void {
    if (!this.enabled || Date.now() - this.last < 100) return;
    this.last = Date.now();
    const secs = (Date.now() - this.started) / 1000;
    const rate = done / Math.max(secs, 0.001);
    let line = `${this.label} ${done.toLocaleString('en')}`;
    if (this.total) {
      const frac = Math.min(done / this.total, 1);
      const width = 30;
      line = `${this.label} [${'#'.repeat(Math.round(frac * width)).padEnd(width, '.')}] ${done.toLocaleString('en')}/${this.total.toLocaleString('en')}`;
      line += ` ETA ${Math.max(0, (this.total - done) / Math.max(rate, 1)).toFixed(0)}s`;
    }
    process.stderr.write(`\r${line}  ${Math.round(rate).toLocaleString('en')}/s   `);
  }

  done(): void {
    if (this.enabled) process.stderr.write('\n');
  }
}
