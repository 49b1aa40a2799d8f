// Client settings arrive in many shapes; anything malformed falls back, never fails.
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, readSettings } from '../src/settings';

describe('LSP settings', () => {
  it('reads flat, VS Code style ({tracking: {opens}}) and wrapped ({linktrace: ...}) settings', () => {
    assert.deepEqual(readSettings({ dialect: 'liquid', opens: false }), { ...DEFAULT_SETTINGS, dialect: 'liquid', opens: false });
    assert.deepEqual(readSettings({ tracking: { clicks: false } }), { ...DEFAULT_SETTINGS, clicks: false });
    assert.deepEqual(readSettings({ linktrace: { attributeStyle: 'campaign' } }), { ...DEFAULT_SETTINGS, attributeStyle: 'campaign' });
  });

  it('keeps only valid rule severities and bounds the debounce', () => {
    const settings = readSettings({ rules: { 'url-whitespace': 'off', 'url-malformed': 'loud', x: 3 }, debounceMs: 1e9 });
    assert.deepEqual(settings.rules, { 'url-whitespace': 'off' });
    assert.equal(settings.debounceMs, 2000);
  });

  it('falls back to the base for anything malformed', () => {
    const base = { ...DEFAULT_SETTINGS, dialect: 'mailchimp' as const };
    assert.deepEqual(readSettings(null, base), base);
    assert.deepEqual(readSettings('yes', base), base);
    assert.deepEqual(readSettings({ dialect: 'klingon', enable: 'no', debounceMs: Number.NaN }, base), base);
  });
});
