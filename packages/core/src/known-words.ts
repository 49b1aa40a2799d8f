// Words a link-dense template writes on every link (attribute names, URL schemes, UTM parameter
// names) read as shared constants instead of a new slice per occurrence: a parse keeps every link
// until it returns, and each string it keeps is copied again by every collection of the young
// generation that runs meanwhile.

/** A fixed set of words, looked up in place in a text without slicing it. */
export class KnownWords {
  /** The words of each length (a lookup compares a handful at most). */
  private readonly byLength: string[][] = [];

  constructor(words: readonly string[]) {
    for (const word of words) (this.byLength[word.length] ??= []).push(word);
  }

  /** The word written exactly (same case) as `text.slice(start, end)`, else undefined. */
  at(text: string, start: number, end: number): string | undefined {
    const candidates = this.byLength[end - start];
    if (candidates === undefined) return undefined;
    for (const word of candidates) if (text.startsWith(word, start)) return word;
    return undefined;
  }
}
