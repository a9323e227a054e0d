import { readFileSync } from 'node:fs';

/** Linux counts process CPU time in clock ticks of 10 ms (getconf CLK_TCK = 100). */
const MS_PER_TICK = 10;

/** CPU time (user + system) a live process has spent so far, from /proc. */
export function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
}
