import type Database from 'better-sqlite3';
import { perConnection } from './openSqlite';
import { ok, refused, type Result } from '../../domain/result';

interface Queued {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = Result<unknown, unknown>;

/**
 * Writes asked for in one turn of the event loop, committed in one transaction at its end. A
 * commit costs more than the small writes it carries (the WAL frames of every page touched, the
 * locks): measured on this machine, a send's claim and outcome cost ~160 µs as two commits each
 * and ~90 µs five sends to a commit. Each write keeps its own outcome: one that throws is rolled
 * back to its own savepoint, the others commit; if the commit itself fails, none was written and
 * each is told so. IMMEDIATE takes the write lock first, so two processes cannot interleave.
 */
class GroupCommit {
  private queue: Queued[] = [];
  private readonly inSavepoint: (work: () => unknown) => unknown;
  private readonly all: Database.Transaction<(batch: readonly Queued[]) => Outcome[]>;

  constructor(db: Database.Database) {
    // Called inside `all`, better-sqlite3 runs a transaction function as a savepoint.
    this.inSavepoint = db.transaction((work: () => unknown) => work());
    this.all = db.transaction((batch: readonly Queued[]) => batch.map(({ work }) => this.attempt(work)));
  }

  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.queue.length === 0) setImmediate(() => this.commit());
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
    });
  }

  private attempt(work: () => unknown): Outcome {
    try {
      return ok(this.inSavepoint(work));
    } catch (error) {
      return refused(error);
    }
  }

  private commit(): void {
    const batch = this.queue;
    this.queue = [];
    let outcomes: Outcome[];
    try {
      outcomes = this.all.immediate(batch);
    } catch (error) {
      for (const queued of batch) queued.reject(error);
      return;
    }
    batch.forEach((queued, index) => {
      const outcome = outcomes[index];
      if (outcome.ok) queued.resolve(outcome.value);
      else queued.reject(outcome.error);
    });
  }
}

/** The one group commit of a connection: every write on it shares the turn's transaction. */
export const groupCommitOf = perConnection((db) => new GroupCommit(db));
