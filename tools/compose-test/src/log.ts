// What the compose test prints, and how a check fails.
import { setTimeout as sleep } from 'node:timers/promises';
import { styleText } from 'node:util';

export const started = Date.now();
export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

let stepNo = 0;
export function step(title: string): void {
  stepNo++;
  console.log(styleText('bold', `\n=== ${stepNo}. ${title} (${seconds(Date.now() - started)})`));
}
export const info = (line: string) => console.log(`    ${line}`);

/** A check that did not hold: its message is the whole story (no stack). */
export class CheckFailed extends Error {
  override readonly name = 'CheckFailed';
}
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new CheckFailed(message);
}

/** Polls `probe` until it returns a value; `what` names it in the failure. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  intervalMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = ` (last: ${(error as Error).message})`;
    }
    if (Date.now() > deadline) throw new CheckFailed(`${what} within ${seconds(timeoutMs)}${last}`);
    await sleep(intervalMs);
  }
}
