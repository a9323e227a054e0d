import { createHash } from 'node:crypto';
import { interruptedAction, type DayAction } from '../domain/dayAction';
import type { OrganizerId } from '../domain/organizer';
import type { SendOwner } from '../store/sendLedger';
import type { StateStorage } from '../store/stateStorage';
import { updateStoreItem } from '../store/updateStoreItem';
import { ownerIsGone, THIS_PROCESS } from './sendOwners';

/** A line of the list of past day actions. */
export interface DayActionSummary {
  id: string;
  date: string;
  messageType: string;
  timeZone: string;
  state: DayAction['state'];
  startedAt: string;
  finishedAt?: string;
  summary: Record<string, number>;
}

interface StoredDayAction extends DayAction {
  owner: SendOwner;
}

interface DayActionIndex {
  ids: string[];
}

/** The list keeps an organizer's latest day actions; a day action is a few a month, not hundreds. */
const KEPT = 50;
/** A run records each appointment as it completes; one silent this long, on another host, was lost. */
const SILENT_RUN_MS = 5 * 60_000;

/**
 * Each day action as a record of its own, with every appointment's state as the run goes: so the
 * organizer can list past day actions, watch one in progress, and after a stop see exactly which
 * appointments were texted, which were being texted, and which were not reached.
 */
export class DayActionLog {
  constructor(
    private readonly storage: StateStorage,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A run starts: the day action is listed (first, once) and recorded as it stands. */
  async begin(owner: OrganizerId, action: DayAction): Promise<void> {
    await updateStoreItem<DayActionIndex>(
      this.storage,
      indexKey(owner),
      () => ({ ids: [] }),
      (index) => ({ ids: [action.id, ...index.ids.filter((id) => id !== action.id)].slice(0, KEPT) }),
    );
    await this.record(owner, action);
  }

  /** The day action as it now stands; one run writes it, so the newest write is the truth. */
  async record(owner: OrganizerId, action: DayAction): Promise<void> {
    const stored: StoredDayAction = { ...action, owner: THIS_PROCESS };
    await this.storage.write({ [actionKey(owner, action.id)]: stored });
  }

  async get(owner: OrganizerId, id: string): Promise<DayAction | undefined> {
    // Ids are `2026-12-01.cancellation`: anything else names nothing, and never reaches storage.
    if (!/^\d{4}-\d{2}-\d{2}\.[a-z]{1,20}$/.test(id)) return undefined;
    const key = actionKey(owner, id);
    const stored = (await this.storage.read([key]))[key] as (StoredDayAction & { eTag?: string }) | undefined;
    return stored ? this.asItStands(stored) : undefined;
  }

  /** Newest first. */
  async list(owner: OrganizerId): Promise<DayActionSummary[]> {
    const index = (await this.storage.read([indexKey(owner)]))[indexKey(owner)] as DayActionIndex | undefined;
    const keys = (index?.ids ?? []).map((id) => actionKey(owner, id));
    const stored = keys.length > 0 ? await this.storage.read(keys) : {};
    return keys.flatMap((key) => {
      const found = stored[key] as StoredDayAction | undefined;
      return found ? [summaryLine(this.asItStands(found))] : [];
    });
  }

  /** A running record whose run is gone (its process is, or it fell silent) is shown as interrupted. */
  private asItStands(stored: StoredDayAction & { eTag?: string }): DayAction {
    const { owner, eTag: _eTag, ...action } = stored;
    if (action.state !== 'running') return action;
    const silentFor = this.now().getTime() - Date.parse(action.updatedAt);
    return ownerIsGone(owner, THIS_PROCESS) || silentFor > SILENT_RUN_MS ? interruptedAction(action) : action;
  }
}

function summaryLine(action: DayAction): DayActionSummary {
  const { id, date, kind, timeZone, state, startedAt, finishedAt, summary } = action;
  return { id, date, messageType: kind, timeZone, state, startedAt, ...(finishedAt ? { finishedAt } : {}), summary };
}

const organizerHash = (owner: OrganizerId) => createHash('sha256').update(`${owner.tenantId}/${owner.oid}`).digest('hex');
const indexKey = (owner: OrganizerId) => `dayActions/${organizerHash(owner)}`;
const actionKey = (owner: OrganizerId, id: string) => `dayAction/${organizerHash(owner)}/${id}`;
