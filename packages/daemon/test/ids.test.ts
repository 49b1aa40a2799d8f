import assert from 'node:assert/strict';
import { isId } from '@linktrace/core';
import { newId } from '@linktrace/daemon';

describe('delivery and link ids', () => {
  it('are valid, distinct, 128-bit and never start like a command-line option', () => {
    const ids = Array.from({ length: 5000 }, newId);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) {
      assert.ok(isId(id), id);
      assert.equal(Buffer.from(id, 'base64url').length, 16);
      assert.match(id, /^[A-Za-z0-9]/);
    }
  });
});
