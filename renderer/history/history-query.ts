import type { HistoryEntry, HistoryQuery } from '../../app/bridge/contract.js';

/** Whether `entry` belongs to the list of `query`: the same test HistoryStore.list applies. */
export function matchesQuery(entry: HistoryEntry, query: HistoryQuery): boolean {
  if (query.unreadOnly === true && entry.read) return false;
  if (query.channel !== undefined && entry.channel !== query.channel) return false;
  const needle = query.search?.trim().toLowerCase() ?? '';
  if (needle === '') return true;
  return `${entry.title}\n${entry.body}\n${entry.channel}\n${entry.event}`.toLowerCase().includes(needle);
}

export function isFiltered(query: HistoryQuery): boolean {
  return (query.search?.trim() ?? '') !== '' || query.channel !== undefined || query.unreadOnly === true;
}
