import type { Storage } from 'botbuilder';

/**
 * botbuilder's Storage (bot state, SSO de-duplication, attendee books, do-not-text lists), plus the
 * one write it lacks: its stores treat a write without an eTag as "create or overwrite", so two
 * instances creating the same item at once would lose one of them.
 */
export interface StateStorage extends Storage {
  /** Writes `item` under `key` only if nothing is stored there; false when something is. */
  createIfAbsent(key: string, item: object): Promise<boolean>;
}
