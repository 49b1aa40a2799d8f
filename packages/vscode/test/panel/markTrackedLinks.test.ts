// Marking tracked links for the hot-clicks view: the template is unchanged but for one attribute
// on each tracked link's start tag, found through core's own parse, on the project's fixture and
// on every real template of the shared corpus.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseTemplate, type DeliveryLinkRecord } from '@linktrace/core';
import { markTrackedLinks } from '../../src/panel/markTrackedLinks';
import { LINK_ATTRIBUTE } from '../../src/panel/messages';

const CORPUS = process.env.LINKTRACE_CORPUS ?? path.resolve(__dirname, '../../../../../shared/corpus');

/** The link table a delivery would have: what core parsed, with a delivery id per link. */
function linkTable(template: string): DeliveryLinkRecord[] {
  return parseTemplate(template).links.map((link, index) => ({
    linkId: `k${index + 1}`,
    sourceId: link.id,
    url: link.raw,
    type: link.tracking.type,
    ...(link.tracking.label ? { label: link.tracking.label } : {}),
    line: link.start.line,
  }));
}

function checkMarked(template: string, name: string): number {
  const table = linkTable(template);
  const marked = markTrackedLinks(template, table);
  assert.equal(marked.replace(new RegExp(` ${LINK_ATTRIBUTE}="k\\d+"`, 'g'), ''), template, `${name}: only the attributes were added`);
  const before = parseTemplate(template).links;
  const after = parseTemplate(marked).links;
  assert.equal(after.length, before.length, `${name}: the same links parse`);
  let count = 0;
  after.forEach((link, index) => {
    const record = table[index]!;
    const value = link.attributes.find((attribute) => attribute.name === LINK_ATTRIBUTE)?.value;
    const expected = record.type === 'tracked' && link.kind === 'link' && !link.tag.startsWith('v:') ? record.linkId : undefined;
    assert.equal(value, expected, `${name}: link ${record.sourceId} (${link.tag} ${link.raw})`);
    if (value) count++;
  });
  return count;
}

describe('markTrackedLinks (hot-clicks template)', () => {
  it('marks tracked links only, leaving opt-out, never, images and text alone', () => {
    const template = `<html><body>
<a href="https://shop.example/sale" data-label="hero">Shop</a>
<A HREF='https://shop.example/'>Home</A>
<a href="https://example.com/unsubscribe" data-tracking="opt-out">Unsubscribe</a>
<a href="https://example.com/legal" data-tracking="never">Legal</a>
<img src="https://cdn.example/logo.png" alt="">
<a href="mailto:hi@example.com">Mail</a>
</body></html>`;
    assert.equal(checkMarked(template, 'fixture'), 2);
    const marked = markTrackedLinks(template, linkTable(template));
    assert.ok(marked.includes(`<a ${LINK_ATTRIBUTE}="k1" href="https://shop.example/sale"`));
    assert.ok(marked.includes(`<A ${LINK_ATTRIBUTE}="k2" HREF='https://shop.example/'>`));
  });

  it('never writes an id that is not a plain id', () => {
    const template = '<a href="https://shop.example/">Shop</a>';
    const [record] = linkTable(template);
    const marked = markTrackedLinks(template, [{ ...record!, linkId: '"><script>alert(1)</script>' }]);
    assert.equal(marked, template);
  });

  it('marks the links of every corpus template', function () {
    if (!existsSync(CORPUS)) {
      console.log(`    (corpus not found at ${CORPUS}: set LINKTRACE_CORPUS to check real templates)`);
      return;
    }
    let files = 0;
    let marked = 0;
    for (const folder of readdirSync(CORPUS, { withFileTypes: true })) {
      if (!folder.isDirectory()) continue;
      for (const file of readdirSync(path.join(CORPUS, folder.name))) {
        if (!file.endsWith('.html')) continue;
        marked += checkMarked(readFileSync(path.join(CORPUS, folder.name, file), 'utf8'), `${folder.name}/${file}`);
        files++;
      }
    }
    assert.ok(files >= 10 && marked > 50, `${files} files, ${marked} links marked`);
  });
});
