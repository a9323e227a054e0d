import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { SendOwner } from '../store/sendLedger';

/**
 * This process, as the owner of the sends it claims; made once per process, so every app started in
 * it is one owner. `instance` tells a restarted process apart from an earlier one with the same pid.
 */
export const THIS_PROCESS: SendOwner = { host: hostname(), pid: process.pid, instance: randomUUID() };

/**
 * Whether the process that claimed a send is certainly gone, as seen from `me`: only provable on
 * the same host (the pid is ours now, or no process has it). Elsewhere, the send's deadline decides.
 */
export function ownerIsGone(owner: SendOwner | undefined, me: SendOwner): boolean {
  if (!owner || owner.host !== me.host || owner.instance === me.instance) return false;
  if (owner.pid === me.pid) return true;
  return !processExists(owner.pid);
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
