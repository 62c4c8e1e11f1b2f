/** The event store's surface: open a store, and the types of what goes in and comes out. */
export { openEventStore } from './store.ts';
export type {
  CommitBatch,
  DeadLetter,
  DeadLetterPage,
  EventStore,
  EventStoreOptions,
  Histogram,
  HuntRequest,
  HuntResult,
  JournalPosition,
  ScopeRequest,
  SearchRequest,
  SearchResult,
  StoredEvent,
  StoreStats,
  TopValue,
} from './types.ts';
