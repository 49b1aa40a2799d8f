// Links grouped by a key across edits, for the incremental forms of rules that compare links
// (duplicate-url-label, label-collision): their findings come only from keys two links or more
// share, so a report visits those groups and nothing else.
import type { TalliedLink } from '../types';

export class LinkGroups<Fact> {
  /** A key's one link as it is, or a set once two links or more share the key (most keys have one: no set for them). */
  private readonly groups = new Map<string, TalliedLink<Fact> | Set<TalliedLink<Fact>>>();
  /** Every set of `groups`: the keys shared by several links. */
  private readonly shared = new Set<Set<TalliedLink<Fact>>>();

  add(key: string, tallied: TalliedLink<Fact>): void {
    const group = this.groups.get(key);
    if (group === undefined) this.groups.set(key, tallied);
    else if (group instanceof Set) group.add(tallied);
    else {
      const set = new Set([group, tallied]);
      this.groups.set(key, set);
      this.shared.add(set);
    }
  }

  remove(key: string, tallied: TalliedLink<Fact>): void {
    const group = this.groups.get(key);
    if (group === tallied) this.groups.delete(key);
    else if (group instanceof Set) {
      group.delete(tallied);
      if (group.size === 1) {
        this.shared.delete(group);
        this.groups.set(key, group.values().next().value!);
      }
    }
  }

  /** The links of each shared key, in document order. */
  sharedGroups(): TalliedLink<Fact>[][] {
    return [...this.shared].map((group) => [...group].sort((a, b) => a.index - b.index));
  }
}
