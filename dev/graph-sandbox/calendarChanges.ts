import type { SandboxEvent } from './sandboxTypes';

/** What a delta round remembers, in its token: the calendarView's window and the change it saw last. */
interface DeltaState {
  start: number;
  end: number;
  since: number;
}

/** An event as Graph's calendarView (and its delta) lists it, times in UTC. */
export function graphEventOf(event: SandboxEvent) {
  const utc = (iso: string) => ({ dateTime: new Date(iso).toISOString().replace('Z', '0000'), timeZone: 'UTC' });
  return {
    id: event.id,
    subject: event.subject,
    start: utc(event.start),
    end: utc(event.end),
    isAllDay: event.isAllDay ?? false,
    isCancelled: event.isCancelled ?? false,
    isOrganizer: event.isOrganizer ?? true,
    isOnlineMeeting: event.joinUrl !== undefined,
    onlineMeeting: event.joinUrl ? { joinUrl: event.joinUrl } : null,
  };
}

/**
 * Change tracking for `calendarView/delta`, as Graph does it: the first call of a round lists the
 * window's events and gives a deltaLink; each call with it lists what changed since (an event
 * moved, cancelled or added) and, as `@removed`, what was deleted or moved out of the window.
 */
export class CalendarChanges {
  private version = 0;
  private readonly changedAt = new Map<string, number>();
  private readonly removed: Array<{ id: string; calendarOf: string; version: number }> = [];

  changed(eventId: string): void {
    this.changedAt.set(eventId, ++this.version);
  }

  deleted(event: SandboxEvent): void {
    this.removed.push({ id: event.id, calendarOf: event.calendarOf, version: ++this.version });
  }

  /** One page of the round (all of it: the sandbox's calendars are small) and the link to the next round. */
  page(events: readonly SandboxEvent[], owner: string, round: { window?: { start: number; end: number }; token?: string }, link: string) {
    const state = round.token ? readToken(round.token) : { ...(round.window ?? { start: 0, end: 0 }), since: -1 };
    if (!state) return undefined;
    const inWindow = (event: SandboxEvent) => Date.parse(event.start) < state.end && Date.parse(event.end) > state.start;
    const mine = events.filter((event) => event.calendarOf === owner);
    const news = mine.filter((event) => (this.changedAt.get(event.id) ?? 0) > state.since);
    const value = [
      ...news.filter(inWindow).map(graphEventOf),
      // Moved out of the window since the round began: gone from this calendarView.
      ...(state.since < 0 ? [] : news.filter((event) => !inWindow(event)).map((event) => removal(event.id, 'changed'))),
      ...this.removed
        .filter((entry) => entry.calendarOf === owner && entry.version > state.since && state.since >= 0)
        .map((entry) => removal(entry.id, 'deleted')),
    ];
    const next: DeltaState = { start: state.start, end: state.end, since: this.version };
    return { value, '@odata.deltaLink': `${link}?$deltatoken=${Buffer.from(JSON.stringify(next)).toString('base64url')}` };
  }
}

function removal(id: string, reason: 'deleted' | 'changed') {
  return { id, '@removed': { reason } };
}

function readToken(token: string): DeltaState | undefined {
  try {
    const state = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<DeltaState>;
    if (typeof state.start === 'number' && typeof state.end === 'number' && typeof state.since === 'number') return state as DeltaState;
  } catch {
    // Not a token this sandbox gave: Graph answers 400 (see the caller).
  }
  return undefined;
}
