import type { Messages } from '../domain/messages';
import { createHash } from 'node:crypto';
import { checkAttendeeNumbers, maskPhoneNumber, type NumberCheck, type UsPhoneNumber } from '../domain/phoneNumbers';
import type { SavedZones } from '../domain/sendPolicy';
import type { WindowsTimeZone } from '../domain/timeZones';
import type { StateStorage } from '../store/stateStorage';
import { updateStoreItem } from '../store/updateStoreItem';

export interface SavedAttendee {
  phoneNumber: UsPhoneNumber;
  masked: string;
  name?: string;
  /** The attendee's own zone, which every text to them is written in (the organizer's when saved, unless said). */
  timeZone?: WindowsTimeZone;
  addedAt: string;
}

/** A number to save, with the attendee's name and zone when known. */
export interface BookEntry {
  phoneNumber: string;
  name?: string;
  timeZone?: WindowsTimeZone;
}

interface BookDocument {
  meetingId: string;
  attendees: SavedAttendee[];
}

export interface BookEdit {
  /** What became of each entry; nothing is saved when any entry is refused. */
  checks: NumberCheck[];
  attendees: SavedAttendee[];
}

/** The numbers saved for one appointment, offered on the card so the organizer need not retype them. */
export class AttendeeBook {
  constructor(
    private readonly storage: StateStorage,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async list(meetingId: string): Promise<SavedAttendee[]> {
    const stored = (await this.storage.read([key(meetingId)]))[key(meetingId)] as BookDocument | undefined;
    return stored?.attendees ?? [];
  }

  /** Each saved number with the zone it keeps (numbers saved before zones were kept have none). */
  async savedZones(meetingId: string): Promise<SavedZones> {
    return new Map((await this.list(meetingId)).map((saved) => [saved.phoneNumber, saved.timeZone]));
  }

  /**
   * Saves numbers; one already saved takes the name and zone given now. `organizerZone`: the zone of
   * entries that name none (the organizer's own, as the surface knows it).
   */
  async add(meetingId: string, entries: readonly BookEntry[], say: Messages, organizerZone?: WindowsTimeZone): Promise<BookEdit> {
    const checks = checkAttendeeNumbers(
      entries.map((entry) => entry.phoneNumber),
      say,
    );
    if (checks.some((check) => check.status === 'refused')) return { checks, attendees: await this.list(meetingId) };
    const book = await this.edit(meetingId, (attendees) => {
      checks.forEach((check, index) => {
        if (check.status !== 'valid') return;
        const name = entries[index]?.name?.trim();
        const timeZone = entries[index]?.timeZone;
        const at = attendees.findIndex((saved) => saved.phoneNumber === check.number);
        if (at >= 0) {
          attendees[at] = { ...attendees[at], ...(name ? { name } : {}), ...(timeZone ? { timeZone } : {}) };
          return;
        }
        const zone = timeZone ?? organizerZone;
        attendees.push({
          phoneNumber: check.number,
          masked: maskPhoneNumber(check.number),
          ...(name ? { name } : {}),
          ...(zone ? { timeZone: zone } : {}),
          addedAt: this.now().toISOString(),
        });
      });
      return attendees;
    });
    return { checks, attendees: book.attendees };
  }

  /** Keeps the zones the organizer chose for saved numbers (on a form, or with a send). */
  async keepZones(meetingId: string, zones: ReadonlyMap<string, WindowsTimeZone>): Promise<void> {
    await this.edit(meetingId, (attendees) =>
      attendees.map((entry) => {
        const timeZone = zones.get(entry.phoneNumber);
        return timeZone ? { ...entry, timeZone } : entry;
      }),
    );
  }

  async remove(meetingId: string, numbers: readonly string[], say: Messages): Promise<BookEdit> {
    const checks = checkAttendeeNumbers(numbers, say);
    const removing = new Set(checks.flatMap((check) => (check.status === 'refused' ? [] : [check.number])));
    const book = await this.edit(meetingId, (attendees) => attendees.filter((saved) => !removing.has(saved.phoneNumber)));
    return { checks, attendees: book.attendees };
  }

  private edit(meetingId: string, change: (attendees: SavedAttendee[]) => SavedAttendee[]): Promise<BookDocument> {
    return updateStoreItem<BookDocument>(
      this.storage,
      key(meetingId),
      () => ({ meetingId, attendees: [] }),
      (current) => ({ meetingId, attendees: change([...current.attendees]) }),
    );
  }
}

/** Meeting ids are long and may hold "/": the key uses their hash. */
const key = (meetingId: string) => `attendeeBook/${createHash('sha256').update(meetingId).digest('hex')}`;
