// Memory and open descriptors per service over the run, and whether they grew past the bounds.
import {
  SERVICE_NAMES,
  fdCount,
  statusMb,
  type ProcessGroup,
  type ServiceName,
} from '@suite/harness';
import { round } from '@suite/traffic';

export interface Sample {
  atS: number;
  service: ServiceName;
  rssMb: number;
  fds: number;
}

/** Samples every service of `group` (a service that is down, e.g. loyalty during a kill, is skipped). */
export class Sampler {
  readonly samples: Sample[] = [];

  constructor(
    private readonly group: ProcessGroup,
    private readonly started: number,
  ) {}

  sample(): void {
    const atS = Math.round((Date.now() - this.started) / 1000);
    for (const name of SERVICE_NAMES) {
      const pid = this.group.get(name)?.child.pid;
      if (!pid) continue;
      const rssMb = round(statusMb(pid, 'VmRSS'));
      const fds = fdCount(pid);
      if (!Number.isNaN(rssMb) && !Number.isNaN(fds))
        this.samples.push({ atS, service: name, rssMb, fds });
    }
  }

  /** The latest sample of every service, in one line. */
  latest(): string {
    return this.samples
      .slice(-SERVICE_NAMES.length)
      .map((s) => `${s.service} ${s.rssMb} MB/${s.fds} fd`)
      .join(', ');
  }
}

/**
 * Growth: the peak of the second half of the run against the peak of the first, per service. RSS
 * saws up and down with V8's lazy, occasionally compacting GC; a leak raises the peak. Prints the
 * table; returns the violations.
 */
export function checkGrowth(
  samples: Sample[],
  durationMs: number,
  bounds: { maxRssGrowthMb: number; maxFdGrowth: number },
): string[] {
  const violations: string[] = [];
  const halfS = Math.max(10, durationMs / 2000);
  const peak = (list: Sample[], key: 'rssMb' | 'fds') => Math.max(...list.map((s) => s[key]));
  console.log(
    '\n| service | RSS start MB | RSS peak 1st half | RSS peak 2nd half | RSS end MB | fds start | fds peak 1st half | fds peak 2nd half | fds end |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const name of SERVICE_NAMES) {
    const mine = samples.filter((s) => s.service === name);
    const early = mine.filter((s) => s.atS < halfS);
    const late = mine.filter((s) => s.atS >= halfS);
    const first = mine[0];
    const last = mine.at(-1);
    if (!first || !last || !early.length || !late.length) continue;
    const [rss1, rss2, fds1, fds2] = [
      peak(early, 'rssMb'),
      peak(late, 'rssMb'),
      peak(early, 'fds'),
      peak(late, 'fds'),
    ];
    console.log(
      `| ${name} | ${first.rssMb} | ${rss1} | ${rss2} | ${last.rssMb} | ${first.fds} | ${fds1} | ${fds2} | ${last.fds} |`,
    );
    // loyalty-service restarts every cycle: its figures belong to different processes.
    if (name === 'loyalty-service') continue;
    if (rss2 - rss1 > bounds.maxRssGrowthMb) {
      violations.push(
        `${name} RSS peak grew ${rss1} -> ${rss2} MB (bound +${bounds.maxRssGrowthMb})`,
      );
    }
    if (fds2 - fds1 > bounds.maxFdGrowth) {
      violations.push(
        `${name} open fds peak grew ${fds1} -> ${fds2} (bound +${bounds.maxFdGrowth})`,
      );
    }
  }
  return violations;
}
