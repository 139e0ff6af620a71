// Pure logic of the after-action review's evidence picker.

/** Evidence after ticking or unticking one journal entry, kept in the journal's order. */
export function toggledEvidence(evidence: readonly string[], entryId: string, on: boolean, journalOrder: readonly string[]): string[] {
  const chosen = new Set(evidence);
  if (on) chosen.add(entryId);
  else chosen.delete(entryId);
  const ordered = journalOrder.filter((id) => chosen.has(id));
  // Evidence naming an entry the journal no longer lists stays at the end, untouched.
  return [...ordered, ...evidence.filter((id) => chosen.has(id) && !journalOrder.includes(id))];
}
