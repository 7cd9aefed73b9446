// Readers of Linux's /proc: what a process holds (memory, CPU time, descriptors) from outside it.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/** A field of /proc/<pid>/status in MB (VmRSS: resident now; VmHWM: the peak so far), or NaN. */
export function statusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1];
    return kb ? Number(kb) / 1024 : Number.NaN;
  } catch {
    return Number.NaN; // gone, or not Linux
  }
}

/**
 * CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat; NaN when gone.
 * Fields 14 and 15 count clock ticks of 10 ms (USER_HZ is 100 on every Linux that Node supports).
 */
export function cpuTimeMs(pid: number): number {
  try {
    return cpuTimeFromStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return Number.NaN;
  }
}

/** The process name (field 2) may hold spaces and parentheses: count fields after its last ")". */
export function cpuTimeFromStat(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime is field 14, stime field 15.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Open sockets of a process: its file descriptors that point at `socket:[inode]`. */
export function socketCount(pid: number): number {
  let count = 0;
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')) count++;
      } catch {
        // closed between readdir and readlink
      }
    }
  } catch {
    return Number.NaN;
  }
  return count;
}

/** Open file descriptors of a process (sockets, files, pipes); NaN when it is gone. */
export function fdCount(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return Number.NaN;
  }
}

/** The soft and hard limit on open files of this process (Max open files in /proc/self/limits). */
export function openFileLimits(): { soft: number; hard: number } | undefined {
  try {
    const line = /^Max open files\s+(\S+)\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    if (!line) return undefined;
    const value = (s: string) => (s === 'unlimited' ? Number.POSITIVE_INFINITY : Number(s));
    return { soft: value(line[1]!), hard: value(line[2]!) };
  } catch {
    return undefined;
  }
}

/** Samples RSS and sockets of one process every `everyMs` and keeps the peaks. */
export class PeakSampler {
  peakRssMb = 0;
  peakSockets = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    everyMs = 200,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  private sample(): void {
    const rss = statusMb(this.pid, 'VmRSS');
    if (rss > this.peakRssMb) this.peakRssMb = rss;
    const sockets = socketCount(this.pid);
    if (sockets > this.peakSockets) this.peakSockets = sockets;
  }

  stop(): { peakRssMb: number; peakSockets: number } {
    clearInterval(this.timer);
    this.sample();
    return { peakRssMb: this.peakRssMb, peakSockets: this.peakSockets };
  }
}
