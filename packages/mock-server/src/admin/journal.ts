import type { JournalEntry } from '../options.js';

/** How many requests the journal keeps: the latest 10,000. */
export const JOURNAL_LIMIT = 10_000;

/** Bodies over this many characters are cut in the journal (ours). */
export const JOURNAL_BODY_LIMIT = 64 * 1024;

/** Cuts a body for the journal, saying how much was left out. */
export function clip(text: string | null | undefined): string | null {
  if (text === null || text === undefined || text === '') return null;
  if (text.length <= JOURNAL_BODY_LIMIT) return text;
  return `${text.slice(0, JOURNAL_BODY_LIMIT)}… [${text.length - JOURNAL_BODY_LIMIT} more characters]`;
}

/** Filters of `GET /__rex/requests`. */
export interface JournalFilter {
  method?: string | undefined;
  /** Exact path, or a prefix ending in `*` (`/contacts*`). */
  path?: string | undefined;
  status?: number | undefined;
  /** The latest this many matching entries. */
  limit?: number | undefined;
  /**
   * Only entries recorded after the request with this id (a live view's resume point). An id
   * the journal no longer holds (cleared by a reset, or older than the latest 10,000) is
   * ignored: the entries are then read as if it were absent.
   */
  after?: string | undefined;
}

/** What {@link Journal.page} returns: the entries, and whether `after` was found. */
export interface JournalPage {
  entries: JournalEntry[];
  /** `true` when `after` was given but named no entry the journal still holds. */
  restarted: boolean;
}

/** The requests a mock answered, oldest first, keeping the latest {@link JOURNAL_LIMIT}. */
export class Journal {
  private entries: JournalEntry[] = [];
  private readonly listeners = new Set<(entry: JournalEntry) => void>();

  record(entry: JournalEntry): void {
    // Trimmed in batches, so a full journal does not pay a splice on every request.
    if (this.entries.length >= JOURNAL_LIMIT + 1000)
      this.entries.splice(0, this.entries.length - JOURNAL_LIMIT);
    this.entries.push(entry);
    for (const listener of this.listeners) listener(entry);
  }

  /** Matching entries, oldest first (copies). */
  list(filter: JournalFilter = {}): JournalEntry[] {
    return this.page(filter).entries;
  }

  /** Matching entries, oldest first (copies), saying whether `after` was still held. */
  page(filter: JournalFilter = {}): JournalPage {
    const { method, path, status, limit, after } = filter;
    const prefix = path?.endsWith('*') ? path.slice(0, -1) : undefined;
    const kept = Math.max(0, this.entries.length - JOURNAL_LIMIT);
    // A poller's `after` is near the end, so the search runs backwards.
    let start = kept;
    let restarted = false;
    if (after !== undefined) {
      let i = this.entries.length - 1;
      while (i >= kept && this.entries[i]?.requestId !== after) i--;
      if (i >= kept) start = i + 1;
      else restarted = true;
    }
    const matching = this.entries
      .slice(start)
      .filter(
        (entry) =>
          (method === undefined || entry.method === method.toUpperCase()) &&
          (path === undefined ||
            (prefix !== undefined ? entry.path.startsWith(prefix) : entry.path === path)) &&
          (status === undefined || entry.status === status),
      );
    const entries = (limit === undefined ? matching : matching.slice(-limit)).map((entry) => ({ ...entry }));
    return { entries, restarted };
  }

  /** Calls `listener` with every new entry until the returned function is called. */
  subscribe(listener: (entry: JournalEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  clear(): void {
    this.entries = [];
  }
}
