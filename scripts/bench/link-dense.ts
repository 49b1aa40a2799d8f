// Link-dense template bodies for the benchmarks: the inputs where the cost per link, not per
// character, decides, since every line of the body is a link row of a newsletter.

/** A digest email whose body is link rows only: the densest realistic template. `seed` varies the text.
 * Each row: an `<a href>` with tracking attributes, UTM parameters and personalization. */
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

/**
 * The link rows of real templates: every line of the given templates that holds an `<a `, in
 * order, repeated until `size` is reached. Real markup (inline styles, tables, each platform's
 * personalization), with the template around the links left out.
 */
export function linkRowsOf(templates: readonly string[], size: number): string {
  const rows: string[] = [];
  for (const text of templates) {
    for (const line of text.split('\n')) if (line.toLowerCase().includes('<a ')) rows.push(line);
  }
  if (rows.length === 0) return '';
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < size; i++) {
    const row = rows[i % rows.length]!;
    parts.push(row);
    length += row.length + 1;
  }
  return parts.join('\n');
}
