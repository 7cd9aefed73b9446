// The figures of bench:ab (ab.ts): its arguments and the medians over its rounds.
import { median } from '@suite/traffic';

export interface Round {
  okRps: number;
  /** CPU ms per dashboard by process, with 'total'. */
  cpuMs: Record<string, number>;
}

/** K=V pairs as an environment; a pair without '=' is a mistake worth stopping for. */
export function envPairs(pairs: readonly string[]): NodeJS.ProcessEnv {
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf('=');
      if (at < 1) throw new Error(`--env-a/--env-b take K=V, got "${pair}"`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}

/** The median of every figure over the rounds of one side. */
export function medians(rounds: readonly Round[]): Round {
  const p50 = (values: number[]) => median(values, 2);
  const keys = [...new Set(rounds.flatMap((r) => Object.keys(r.cpuMs)))];
  return {
    okRps: p50(rounds.map((r) => r.okRps)),
    cpuMs: Object.fromEntries(keys.map((k) => [k, p50(rounds.map((r) => r.cpuMs[k] ?? 0))])),
  };
}
