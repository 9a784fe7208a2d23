import { FileJournal, type JournalReplay, type JournalSink } from '../execution/journal.js';
import type { RuntimeOptions } from './runtime-options.js';

/** Where a runtime's journal comes from: one the caller brings, or a file path. */
export type JournalSource =
  | NonNullable<RuntimeOptions['journal']>
  | { path: string; options: RuntimeOptions['journalOptions'] };

/** An opened journal and what it held. */
export interface OpenedJournal {
  readonly journal: JournalSink;
  readonly replay: JournalReplay | undefined;
  /** The file, when the journal is one. */
  readonly path: string | undefined;
}

/** The journal source of the runtime's options, or `undefined` to keep the journal in memory. */
export function journalSourceOf(options: RuntimeOptions): JournalSource | undefined {
  return (
    options.journal ??
    (options.journalPath === undefined
      ? undefined
      : { path: options.journalPath, options: options.journalOptions })
  );
}

/** Opens the journal (a file is created, or replayed and its torn tail repaired). */
export function openJournal(source: JournalSource): OpenedJournal {
  if ('path' in source && typeof source.path === 'string' && !('append' in source)) {
    const opened = FileJournal.open(source.path, source.options);
    return { journal: opened.journal, replay: opened.replay, path: source.path };
  }
  const sink = source as JournalSink & { replay?(): JournalReplay; path?: unknown };
  // A journal brought along that has a file path (a `FileJournal`) still names it.
  return {
    journal: sink,
    replay: sink.replay?.(),
    path: typeof sink.path === 'string' ? sink.path : undefined,
  };
}
