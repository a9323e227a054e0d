import { createHash } from 'node:crypto';
import { checkAttendeeNumbers, maskPhoneNumber, type NumberCheck, type UsPhoneNumber } from '../domain/phoneNumbers';
import type { StateStorage } from '../store/stateStorage';
import { updateStoreItem } from '../store/updateStoreItem';

export interface SavedAttendee {
  phoneNumber: UsPhoneNumber;
  masked: string;
  name?: string;
  addedAt: string;
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
  constructor(private readonly storage: StateStorage) {}

  async list(meetingId: string): Promise<SavedAttendee[]> {
    const stored = (await this.storage.read([key(meetingId)]))[key(meetingId)] as BookDocument | undefined;
    return stored?.attendees ?? [];
  }

  async add(meetingId: string, entries: ReadonlyArray<{ phoneNumber: string; name?: string }>): Promise<BookEdit> {
    const checks = checkAttendeeNumbers(entries.map((entry) => entry.phoneNumber));
    if (checks.some((check) => check.status === 'refused')) return { checks, attendees: await this.list(meetingId) };
    const book = await updateStoreItem<BookDocument>(
      this.storage,
      key(meetingId),
      () => ({ meetingId, attendees: [] }),
      (current) => {
        const attendees = [...current.attendees];
        checks.forEach((check, index) => {
          if (check.status !== 'valid' || attendees.some((saved) => saved.phoneNumber === check.number)) return;
          const name = entries[index]?.name?.trim();
          attendees.push({
            phoneNumber: check.number,
            masked: maskPhoneNumber(check.number),
            ...(name ? { name } : {}),
            addedAt: new Date().toISOString(),
          });
        });
        return { meetingId, attendees };
      },
    );
    return { checks, attendees: book.attendees };
  }

  async remove(meetingId: string, numbers: readonly string[]): Promise<BookEdit> {
    const checks = checkAttendeeNumbers(numbers);
    const removing = new Set(checks.flatMap((check) => (check.status === 'refused' ? [] : [check.number])));
    const book = await updateStoreItem<BookDocument>(
      this.storage,
      key(meetingId),
      () => ({ meetingId, attendees: [] }),
      (current) => ({
        meetingId,
        attendees: current.attendees.filter((saved) => !removing.has(saved.phoneNumber)),
      }),
    );
    return { checks, attendees: book.attendees };
  }
}

/** Meeting ids are long and may hold "/": the key uses their hash. */
const key = (meetingId: string) => `attendeeBook/${createHash('sha256').update(meetingId).digest('hex')}`;
