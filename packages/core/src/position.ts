import type { Position } from './types';
import { countWork } from './work-meter';

/** Maps offsets to 1-based line/column with a binary search over line starts. */
export class LineIndex {
  /** Offsets of line starts; a typed array, as a 2 MB template has tens of thousands of lines. */
  private readonly lineStarts: Int32Array;

  constructor(text: string) {
    countWork(text.length);
    let starts = new Int32Array(256);
    let count = 1; // starts[0] = 0
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      if (count === starts.length) {
        const grown = new Int32Array(count * 2);
        grown.set(starts);
        starts = grown;
      }
      starts[count++] = i + 1;
    }
    this.lineStarts = starts.subarray(0, count);
  }

  positionAt(offset: number): Position {
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - starts[low]! + 1 };
  }

  /** Offset of a 1-based line's first character. */
  lineStart(line: number): number {
    return this.lineStarts[Math.min(Math.max(line, 1), this.lineStarts.length) - 1]!;
  }
}
