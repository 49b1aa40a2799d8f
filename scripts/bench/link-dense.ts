// The link-dense template of the language server benchmark (and of the incremental lint timings).

/** A digest email whose body is link rows only: the densest realistic template. `seed` varies the text. */
export function linkDenseTemplate(size: number, seed = 0): string {
  const head = `<!doctype html>\n<html>\n<head><title>Weekly digest ${seed}</title></head>\n<body>\n<table role="presentation" width="100%">\n`;
  const tail = `</table>\n<p><a href="https://acmeshop.io/unsubscribe?u={{ subscriber.id }}" data-tracking="opt-out">Unsubscribe</a></p>\n</body>\n</html>\n`;
  const rows: string[] = [];
  let length = head.length + tail.length;
  for (let i = 0; length < size; i++) {
    const n = seed * 10_000 + i;
    // Mostly clean rows, with the findings a real draft has: a stray space, plain http, a mailto.
    const url = i % 17 === 3 ? ` https://acmeshop.io/articles/${n}` : i % 23 === 5 ? `http://acmeshop.io/articles/${n}` : `https://acmeshop.io/articles/${n}?utm_source=newsletter&utm_medium=email&utm_campaign=weekly-{{ issue.number }}`;
    const row = i % 31 === 7
      ? `<tr><td class="row"><a href="mailto:editor@acmeshop.io?subject=Article%20${n}">Write to the editor about article ${n}</a></td></tr>\n`
      : `<tr><td class="row"><a href="${url}" data-tracking="tracked" data-label="article-${n}" style="color:#0645ad;text-decoration:none">Article ${n}: {{ articles[${i}].title }}</a></td></tr>\n`;
    rows.push(row);
    length += row.length;
  }
  return head + rows.join('') + tail;
}
