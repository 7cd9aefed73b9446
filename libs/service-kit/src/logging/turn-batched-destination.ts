import type { DestinationStream } from 'pino';

/** Where the lines finally go: pino's own destination (sonic-boom) on stdout, or a test's recorder. */
export interface LineSink {
  write(data: string): unknown;
  flushSync?(): void;
}

/**
 * A pino destination that gathers the lines logged during one turn of the event loop and hands them to
 * `sink` in one write as the turn ends. Every write to stdout wakes whatever reads it (a terminal,
 * Docker), and under load a service finishes several requests per turn: one write per turn instead of
 * one per line. No timer holds a line back, so a killed process loses at most the lines of the turn it
 * was killed in; `flushSync` (called on exit) writes what is pending at once.
 */
export class TurnBatchedDestination implements DestinationStream {
  private pending: string[] = [];
  private scheduled = false;

  constructor(private readonly sink: LineSink) {}

  write(line: string): void {
    this.pending.push(line);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  flushSync(): void {
    this.flush();
    this.sink.flushSync?.();
  }

  private flush(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const data = this.pending.join('');
    this.pending = [];
    this.sink.write(data);
  }
}
